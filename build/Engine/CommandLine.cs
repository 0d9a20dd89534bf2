using System.CommandLine;

namespace OpenH264Build.Engine;

/// <summary>What the user asked for on the command line, parsed by System.CommandLine.</summary>
internal sealed record CommandLineRequest(
    IReadOnlyList<string> Targets,
    IReadOnlyList<string> Skip,
    bool Plan,
    bool Help,
    IReadOnlyDictionary<BuildParameter, IReadOnlyList<string>> Parameters);

/// <summary>
/// Builds the command line from the build's parameters (each one an option named in kebab case) and parses
/// it. Anything it does not know is an error that names the token and the nearest known name.
/// </summary>
internal static class CommandLine
{
    public static CommandLineRequest Parse(string[] args, ParameterSet parameters, TargetGraph graph)
    {
        var root = new RootCommand("The build of patched OpenH264");
        root.Options.Clear(); // our own --help lists targets and parameters; there is no --version

        var targets = new Argument<string[]>("targets") { Arity = ArgumentArity.ZeroOrMore };
        var targetOption = new Option<string[]>("--target") { AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore };
        var skip = new Option<string[]>("--skip") { AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.ZeroOrMore };
        var plan = new Option<bool>("--plan");
        var help = new Option<bool>("--help", "-h", "-?");
        root.Arguments.Add(targets);
        root.Options.Add(targetOption);
        root.Options.Add(skip);
        root.Options.Add(plan);
        root.Options.Add(help);

        var options = new Dictionary<BuildParameter, Option>();
        foreach (var parameter in parameters.Parameters)
        {
            Option option = parameter.IsFlag
                ? new Option<bool>(parameter.OptionName)
                : new Option<string[]>(parameter.OptionName) { AllowMultipleArgumentsPerToken = parameter.ValueType.IsArray, Arity = ArgumentArity.OneOrMore };
            options[parameter] = option;
            root.Options.Add(option);
        }

        var result = root.Parse(args);

        var known = root.Options.Select(o => o.Name).ToList();
        foreach (var token in result.UnmatchedTokens)
        {
            if (token.StartsWith('-'))
                throw new BuildConfigurationException($"Unknown parameter '{token}'.{Suggestion.DidYouMean(token, known)}");
            throw new BuildConfigurationException($"Unknown target '{token}'.{Suggestion.DidYouMean(token, graph.Targets.Select(t => t.Name))}");
        }
        if (result.Errors.Count > 0)
        {
            var message = result.Errors[0].Message;
            var unknown = args.FirstOrDefault(a => a.StartsWith("--") && !known.Contains(a.Split('=')[0], StringComparer.OrdinalIgnoreCase));
            if (unknown is not null)
                message = $"Unknown parameter '{unknown}'.{Suggestion.DidYouMean(unknown, known)}";
            throw new BuildConfigurationException(message);
        }

        var requestedTargets = (result.GetValue(targets) ?? []).Concat(result.GetValue(targetOption) ?? []).ToList();
        foreach (var name in requestedTargets.Concat(result.GetValue(skip) ?? []))
            if (name.StartsWith('-'))
                throw new BuildConfigurationException($"Unknown parameter '{name}'.{Suggestion.DidYouMean(name, known)}");
            else if (graph.Find(name) is null)
                throw new BuildConfigurationException($"Unknown target '{name}'.{Suggestion.DidYouMean(name, graph.Targets.Select(t => t.Name))}");

        var values = new Dictionary<BuildParameter, IReadOnlyList<string>>();
        foreach (var (parameter, option) in options)
        {
            if (result.GetResult(option) is not { } optionResult || optionResult.Implicit) continue;
            values[parameter] = parameter.IsFlag
                ? [result.GetValue((Option<bool>)option).ToString()]
                : optionResult.Tokens.Select(t => t.Value).ToList();
        }

        return new CommandLineRequest(requestedTargets, result.GetValue(skip) ?? [], result.GetValue(plan), result.GetValue(help), values);
    }
}

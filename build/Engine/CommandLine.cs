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
        var grammar = new Grammar(parameters);
        var result = grammar.Root.Parse(args);
        var known = grammar.Root.Options.Select(o => o.Name).ToList();
        RefuseUnmatchedTokens(result, known, graph);
        RefuseParseErrors(result, args, known);

        var targets = (result.GetValue(grammar.Targets)
            ?? []).Concat(result.GetValue(grammar.TargetOption) ?? []).ToList();
        var skip = result.GetValue(grammar.Skip) ?? [];
        RefuseUnknownTargets(targets.Concat(skip), known, graph);
        return new CommandLineRequest(targets, skip, result.GetValue(grammar.Plan), result.GetValue(grammar.Help),
            grammar.ParameterValues(result));
    }

    /// <summary>A token nothing took: an option the build does not have, or a word that is no target.</summary>
    private static void RefuseUnmatchedTokens(ParseResult result, IReadOnlyList<string> known, TargetGraph graph)
    {
        if (result.UnmatchedTokens.FirstOrDefault() is { } token)
            throw token.StartsWith('-') ? UnknownParameter(token, known) : UnknownTarget(token, graph);
    }

    /// <summary>
    /// System.CommandLine reports an unknown option given a value (--wrod x) as a missing argument or the like; the
    /// user is better served by the option's name and its nearest known one.
    /// </summary>
    private static void RefuseParseErrors(ParseResult result, string[] args, IReadOnlyList<string> known)
    {
        if (result.Errors.Count == 0) return;
        var unknown = args.FirstOrDefault(a => a.StartsWith("--")
            && !known.Contains(a.Split('=')[0], StringComparer.OrdinalIgnoreCase));
        throw unknown is not null ? UnknownParameter(unknown,
            known) : new BuildConfigurationException(result.Errors[0].Message);
    }

    /// <summary>Every target named, to run or to skip, must be one of the build's; an option here was
    /// mistyped.</summary>
    private static void RefuseUnknownTargets(IEnumerable<string> names, IReadOnlyList<string> known, TargetGraph graph)
    {
        foreach (var name in names)
            if (name.StartsWith('-')) throw UnknownParameter(name, known);
            else if (graph.Find(name) is null) throw UnknownTarget(name, graph);
    }

    private static BuildConfigurationException UnknownParameter(string name, IReadOnlyList<string> known) =>
        new($"Unknown parameter '{name}'.{Suggestion.DidYouMean(name, known)}");

    private static BuildConfigurationException UnknownTarget(string name, TargetGraph graph) =>
        new($"Unknown target '{name}'.{Suggestion.DidYouMean(name, graph.Targets.Select(t => t.Name))}");

    /// <summary>The command line's shape: targets as arguments or --target, --skip, --plan, --help, and one option per
    /// parameter.</summary>
    private sealed class Grammar
    {
        public RootCommand Root { get; } = new("The build of patched OpenH264");
        public Argument<string[]> Targets { get; } = new("targets") { Arity = ArgumentArity.ZeroOrMore };
        public Option<string[]> TargetOption { get; } = new("--target") { AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore };
        public Option<string[]> Skip { get; } = new("--skip") { AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.ZeroOrMore };
        public Option<bool> Plan { get; } = new("--plan");
        public Option<bool> Rerun { get; } = new(RunStamp.RerunOption); // read before parsing (UnchangedRun)
        public Option<bool> Help { get; } = new("--help", "-h", "-?");
        private readonly Dictionary<BuildParameter, Option> _parameters = [];

        public Grammar(ParameterSet parameters)
        {
            Root.Options.Clear(); // our own --help lists targets and parameters; there is no --version
            Root.Arguments.Add(Targets);
            foreach (var option in new Option[] { TargetOption, Skip, Plan, Rerun, Help }) Root.Options.Add(option);
            foreach (var parameter in parameters.Parameters)
            {
                _parameters[parameter] = OptionFor(parameter);
                Root.Options.Add(_parameters[parameter]);
            }
        }

        /// <summary>A flag takes no value; any other parameter takes one, or several when it is an array.</summary>
        private static Option OptionFor(BuildParameter parameter) => parameter.IsFlag
            ? new Option<bool>(parameter.OptionName)
            : new Option<string[]>(parameter.OptionName) { AllowMultipleArgumentsPerToken = parameter.ValueType
                .IsArray, Arity = ArgumentArity.OneOrMore };

        /// <summary>The values of the parameters given on the command line, as text; the others are left to later
        /// sources.</summary>
        public Dictionary<BuildParameter, IReadOnlyList<string>> ParameterValues(ParseResult result)
        {
            var values = new Dictionary<BuildParameter, IReadOnlyList<string>>();
            foreach (var (parameter, option) in _parameters)
            {
                if (result.GetResult(option) is not { } optionResult || optionResult.Implicit) continue;
                values[parameter] = parameter.IsFlag
                    ? [result.GetValue((Option<bool>)option).ToString()]
                    : optionResult.Tokens.Select(t => t.Value).ToList();
            }
            return values;
        }
    }
}

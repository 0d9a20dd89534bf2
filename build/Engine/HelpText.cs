using Spectre.Console;

namespace OpenH264Build.Engine;

/// <summary>
/// The <c>--help</c> page: usage, then each target with what it depends on and the parameters it reads, as each
/// parameter declares them (<see cref="ParameterAttribute.ReadBy"/>). With targets named (<c>Compat --help</c>) only
/// the targets their plan runs and the parameters those read are shown.
/// </summary>
internal static class HelpText
{
    public static void Write(IAnsiConsole console, TargetGraph graph, ParameterSet parameters, object build,
        IReadOnlyList<TargetDefinition> defaults, IReadOnlyList<TargetDefinition> asked)
    {
        var writer = console.Profile.Out.Writer;
        writer.WriteLine(
            "Usage: ./build.sh [Target ...] [--skip Target ...] [--plan] [--rerun] [--help] [--parameter value ...]");
        writer.WriteLine(
            "A command line whose last run's inputs and outputs are unchanged answers at once; --rerun runs it " +
            "all the same.");
        writer.WriteLine(
            "Parameters come from the command line, then the environment variable, then .nuke/parameters.json.");
        var defaultPlan = ExecutionPlan.Create(graph, defaults);
        var shown = asked.Count == 0 ? graph.Targets.Where(t => !t.IsUnlisted).ToList() : ExecutionPlan.Create(graph,
            asked).ToList();
        writer.WriteLine(asked.Count == 0
            ? "Targets (the default pipeline is marked *), each with the parameters it reads:"
            : $"{string.Join(", ", asked.Select(t => t.Name))} runs these targets, which read these parameters:");
        var described = new Dictionary<BuildParameter, string>();
        foreach (var target in shown)
            WriteTarget(writer, target, defaultPlan.Contains(target), parameters, build, described);
    }

    /// <summary>A target's heading and its parameters; one already described under an earlier target is named
    /// only.</summary>
    private static void WriteTarget(TextWriter writer, TargetDefinition target, bool inDefault, ParameterSet parameters,
        object build, Dictionary<BuildParameter, string> described)
    {
        writer.WriteLine();
        var dependsOn = string.Join(", ", target.DependencyDefinitions.Select(d => d.Name));
        writer.WriteLine($"{target.Name}{(inDefault ? " *" : "")}: {target.DescriptionText}"
            + (dependsOn.Length > 0 ? $" (depends on {dependsOn})" : ""));
        var reads = parameters.Parameters.Where(p => p.ReadBy.Contains(target.Name)).ToList();
        var seeAbove = reads.Where(described.ContainsKey).Select(p => $"{p.OptionName} (see {described[p]})").ToList();
        // Plain lines, not a table: option names must never be folded, whatever the width.
        foreach (var parameter in reads.Where(p => !described.ContainsKey(p)))
        {
            WriteParameter(writer, parameter, build);
            described[parameter] = target.Name;
        }
        if (seeAbove.Count > 0) writer.WriteLine($"  also reads {string.Join(", ", seeAbove)}");
    }

    private static void WriteParameter(TextWriter writer, BuildParameter parameter, object build)
    {
        var value = parameter.GetValue(build);
        var shown = parameter.IsSecret ? (value is null ? "" : "(secret)") : Format(value);
        var details = $"env {string.Join(" or ", parameter.EnvironmentVariables)}" + (shown.Length > 0
            ? $", default {shown}" : "");
        writer.WriteLine($"  {parameter.OptionName} ({details})");
        writer.WriteLine($"      {parameter.Description}{(parameter.IsSecret ? " (secret: never printed)" : "")}");
    }

    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        Array a => string.Join(",", a.Cast<object>().Select(Format)),
        Enum e => BuildParameter.ChoiceName(e.ToString()),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? ""
    };
}

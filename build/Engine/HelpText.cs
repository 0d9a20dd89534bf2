using Spectre.Console;

namespace OpenH264Build.Engine;

/// <summary>The <c>--help</c> page: usage, every target with what it depends on, every parameter with its sources.</summary>
internal static class HelpText
{
    public static void Write(IAnsiConsole console, TargetGraph graph, ParameterSet parameters, object build, IReadOnlyList<TargetDefinition> defaults)
    {
        console.WriteLine("Usage: ./build.sh [Target ...] [--skip Target ...] [--plan] [--help] [--parameter value ...]");
        console.WriteLine();
        console.WriteLine("Targets (the default pipeline is marked *):");
        var defaultPlan = ExecutionPlan.Create(graph, defaults);
        var targets = new Table().NoBorder().AddColumns("Target", "Description", "Depends on");
        foreach (var target in graph.Targets.Where(t => !t.IsUnlisted))
        {
            var mark = defaultPlan.Contains(target) ? " *" : "";
            targets.AddRow(Markup.Escape(target.Name + mark), Markup.Escape(target.DescriptionText),
                Markup.Escape(string.Join(", ", target.DependencyDefinitions.Select(d => d.Name))));
        }
        console.Write(targets);
        console.WriteLine();
        console.WriteLine("Parameters (command line, then environment variable, then .nuke/parameters.json):");
        // Plain lines, not a table: option names must never be folded, whatever the width.
        foreach (var parameter in parameters.Parameters)
        {
            var value = parameter.GetValue(build);
            var shown = parameter.IsSecret ? (value is null ? "" : "(secret)") : Format(value);
            var details = $"env {string.Join(" or ", parameter.EnvironmentVariables)}" + (shown.Length > 0 ? $", default {shown}" : "");
            console.Profile.Out.Writer.WriteLine($"  {parameter.OptionName} ({details})");
            console.Profile.Out.Writer.WriteLine($"      {parameter.Description}{(parameter.IsSecret ? " (secret: never printed)" : "")}");
        }
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

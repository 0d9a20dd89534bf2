using Spectre.Console;

namespace OpenH264Build.Engine;

/// <summary>The table at the end of every run: each planned target, how it ended and how long it took.</summary>
internal static class BuildSummary
{
    public static void Write(IAnsiConsole console, IReadOnlyList<TargetResult> results)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("Target", "Status", "Duration");
        foreach (var r in results)
        {
            var status = r.Status switch
            {
                TargetStatus.Succeeded => "[green]succeeded[/]",
                TargetStatus.Failed => "[red]failed[/]",
                TargetStatus.Skipped => $"[yellow]skipped[/] ({Markup.Escape(r.Reason ?? "")})",
                _ => $"[grey]not run[/] ({Markup.Escape(r.Reason ?? "")})"
            };
            table.AddRow(Markup.Escape(r.Name), status,
                r.Duration == TimeSpan.Zero ? "" : $"{r.Duration.TotalSeconds:0.0} s");
        }
        var total = results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration);
        table.AddRow("Total", results.Any(r => r.Status == TargetStatus.Failed) ? "[red]failed[/]"
            : "[green]succeeded[/]", $"{total.TotalSeconds:0.0} s");
        console.Write(table);

        var markdown = "| Target | Status | Duration |\n|---|---|---|\n" + string.Join("\n",
            results.Select(
                r => $"| {r.Name} | {r.Status.ToString().ToLowerInvariant()}" +
                    $"{(r.Reason is null ? "" : $" ({r.Reason})")} | {r.Duration.TotalSeconds:0.0} s |"));
        CiHost.Current.AppendSummary(markdown);
    }
}

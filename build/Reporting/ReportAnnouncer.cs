using OpenH264Build.Engine;

namespace OpenH264Build.Reporting;

/// <summary>
/// Tells the CI host what the page shows: a verdict table in the step summary, and a warning annotation on the
/// report file of each check that did not pass, so a finding shows up on the run's page on GitHub.
/// </summary>
public static class ReportAnnouncer
{
    public static string SummaryMarkdown(RunReport report)
    {
        var lines = new List<string> { "| Arch | " + string.Join(" | ", RunReportReader.Checks) + " |", "|---|" + string.Concat(RunReportReader.Checks.Select(_ => "---|")) };
        foreach (var arch in report.Arches)
        {
            var cells = RunReportReader.Checks.Select(check =>
            {
                var c = report.Checks.FirstOrDefault(x => x.Arch == arch && x.Check == check);
                var mark = c?.Tone switch { VerdictTone.Good => "✅", VerdictTone.Bad => "❌", VerdictTone.Unclear => "⚠️", _ => "➖" };
                return $"{mark} {c?.Verdict ?? (c is null || c.Tone == VerdictTone.Missing ? "no report" : "unreadable")}";
            });
            lines.Add($"| {arch} | {string.Join(" | ", cells)} |");
        }
        var signature = report.Signature.State switch
        {
            SignatureState.Verified => "✅ verified",
            SignatureState.NotVerified => "⚠️ signed, not verified",
            SignatureState.Invalid => "❌ does not verify",
            _ => "➖ unsigned",
        };
        lines.Add("");
        lines.Add($"Packages: {report.Packages.Count}, signature: {signature}, provenance files: {report.Provenance.Count}. The full page is artifacts/reports/index.html in the run's artifacts.");
        return string.Join("\n", lines);
    }

    /// <param name="reportFilePath">Turns a report's file name into the path an annotation names (relative to the repository).</param>
    public static void Announce(RunReport report, CiHost host, Func<string, string> reportFilePath)
    {
        host.AppendSummary(SummaryMarkdown(report));
        foreach (var check in report.Checks.Where(c => c.Tone is VerdictTone.Bad or VerdictTone.Unclear))
        {
            var message = $"{check.Check} {check.Arch}: " + (check.Verdict is null ? check.Problem : $"verdict '{check.Verdict}'");
            if (check.Tone == VerdictTone.Bad) host.Error(message, reportFilePath(check.FileName), 1);
            else host.Warning(message, reportFilePath(check.FileName), 1);
        }
        if (report.Signature.State == SignatureState.Invalid) host.Error(report.Signature.Detail);
    }
}

using OpenH264Build.Engine;

namespace OpenH264Build.Reporting;

/// <summary>
/// Tells the CI host what the page shows: a verdict table in the step summary, and an annotation on the report
/// file of each check that did not pass (an error when it failed, a warning when it is unclear), so a finding
/// shows up on the run's page on GitHub. Both go through <see cref="CiHost"/>, the one writer of either.
/// </summary>
public static class ReportAnnouncer
{
    public static string SummaryMarkdown(RunReport report)
    {
        var columns = VerdictSummary.Columns;
        var lines = new List<string> { "| Arch | " + string.Join(" | ", columns.Select(VerdictSummary.Title)) + " |",
            "|---|" + string.Concat(columns.Select(_ => "---|")) };
        foreach (var arch in report.Arches)
        {
            var cells = VerdictSummary.Row(report, arch).Select(c =>
            {
                var mark = c.Tone switch { VerdictTone.Good => "✅", VerdictTone.Bad => "❌",
                    VerdictTone.Unclear => "⚠️", _ => "➖" };
                return $"{mark} {c.Word}{(c.Freshness?.StartsWith("reused",
                    StringComparison.Ordinal) == true ? $", {c.Freshness}" : "")}";
            });
            lines.Add($"| {arch} | {string.Join(" | ", cells)} |");
        }
        var signature = report.Signature.State switch
        {
            SignatureState.Verified when report.Signature.KeyKind == SigningKeyKind.Release =>
                "✅ verified (release key)",
            SignatureState.Verified when report.Signature.KeyKind == SigningKeyKind.Development =>
                "⚠️ verified, development key: not for release",
            SignatureState.Verified => "⚠️ verified, key kind not recorded",
            SignatureState.NotVerified => "⚠️ signed, not verified",
            SignatureState.Invalid => "❌ does not verify",
            _ => "➖ unsigned",
        };
        lines.Add("");
        lines.Add($"Packages: {report.Packages.Count}, signature: {signature}, provenance files: " +
            $"{report.Provenance.Count}. The full page is artifacts/reports/index.html in the run's artifacts.");
        return string.Join("\n", lines);
    }

    /// <param name="reportFilePath">Turns a report's file name into the path an annotation names (relative to the
    /// repository).</param>
    public static void Announce(RunReport report, CiHost host, Func<string, string> reportFilePath)
    {
        host.AppendSummary(SummaryMarkdown(report));
        // Only this run's verdicts: an earlier run's report left in the folder is not announced.
        foreach (var check in report.Checks.Where(c => c.Tone is VerdictTone.Bad or VerdictTone.Unclear
            && VerdictSummary.For(report, c.Check, c.Arch).Word != "not run"))
        {
            var message = $"{check.Check} {check.Arch}: " + (check.Verdict is null ? check.Problem
                : $"verdict '{check.Verdict}'");
            host.Annotate(check.Tone == VerdictTone.Bad ? AnnotationLevel.Error : AnnotationLevel.Warning, message,
                reportFilePath(check.FileName), 1);
        }
        if (report.Signature.State == SignatureState.Invalid) host.Error(report.Signature.Detail);
    }
}

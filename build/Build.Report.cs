using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Reporting;
using OpenH264Build.Stages;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// The Report target: artifacts/reports/index.html (see Reporting/ReportStage), written again when the run ends,
/// failed runs included.
/// </summary>
partial class Build
{
    ReportStage ReportStage => new(() => Results, RunFacts());


    /// <summary>What the page's top says about the run, from what the build knows (never a path of this
    /// machine).</summary>
    RunFacts RunFacts() => new()
    {
        Version = VersionText(),
        Commit = Context.Git.Commit,
        StartedAt = StartedAt,
        RequestedArches = Arch.Select(a => a.Name()).ToList(),
        Suite = Suite,
        SuiteGlibc = SuiteGlibc.GetValueOrDefault(Suite),
        AbiFloor = AbiFloor,
        LogLink = LogFile is null ? null : Path.GetFileName(LogFile),
    };

    /// <summary>The package version, or why it is not known (a source pin that cannot be read does not stop the
    /// page).</summary>
    string? VersionText()
    {
        try { return Context.Version.ToString(); }
        catch (Exception e) when (e is not OperationCanceledException) { return null; }
    }

    RunReport? reportedAtEnd;

    /// <summary>Under the summary table: each arch's verdicts, the key kind, the decision, and the dist's and page's
    /// paths.</summary>
    protected internal override IEnumerable<string> SummaryLines()
    {
        var dist = context?.DistStage.EndedIn is { } ended ? Path.GetRelativePath(RootDirectory,
            ended) : "not made by this run";
        var page = Path.GetRelativePath(RootDirectory, ReportStage.PagePath(Paths));
        return reportedAtEnd is null
            ? [$"dist: {dist}", "report: not written (Report was not part of this run)"]
            : RunConclusion.Lines(reportedAtEnd, dist, page);
    }

    /// <summary>
    /// One page per run that asked for it, failed runs included (they need it most): the Report target may not
    /// have run when an earlier target failed, and the results are only complete now.
    /// </summary>
    async Task WriteReportPageAtEndAsync()
    {
        if (!Results.Any(r => r.Name == nameof(Report))) return;
        try
        {
            ReportLog.CopyBeside(LogFile, Paths.Reports);
            var report = await ReportStage.ReadAsync(Context);
            ReportPage.Write(report, ReportStage.PagePath(Paths));
            reportedAtEnd = report;
            ReportAnnouncer.Announce(report, CiHost.Current,
                name => Path.GetRelativePath(RootDirectory, Path.Combine(Paths.Reports, name)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("The report page could not be written: {Message}", e.Message);
        }
    }
}

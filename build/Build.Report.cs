using OpenH264Build.Engine;
using OpenH264Build.Reporting;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// The Report target: artifacts/reports/index.html, one self-contained page for the run (targets and durations,
/// verdicts per arch, packages, signature, provenance), written again when the run ends, failed runs included.
/// </summary>
partial class Build
{
    /// <summary>
    /// The dist the page lists: the run's own staging dist while it exists (Package, Sign and the checks fill it),
    /// else the last promoted dist.
    /// </summary>
    static string ReportDistDirectory =>
        Directory.Exists(DistStagingDirectory) && Directory.EnumerateFileSystemEntries(DistStagingDirectory).Any() ? DistStagingDirectory : DistDirectory;

    static string ReportPagePath => Path.Combine(ReportsDirectory, "index.html");

    bool _reportRequested;

    /// <summary>The Report target: the page with the results so far; it is written again when the run ends, with every result.</summary>
    async Task WriteRunReport()
    {
        _reportRequested = true;
        var report = await ReadRunReport(Results);
        ReportPage.Write(report, ReportPagePath);
        Log.Information("Report: {Page}", Path.GetRelativePath(RootDirectory, ReportPagePath));
    }

    async Task<RunReport> ReadRunReport(IReadOnlyList<TargetResult> results) =>
        await RunReportReader.Read(results, Arch.Select(a => a.Name()).ToList(), ReportsDirectory, ReportDistDirectory, CancellationToken, RunFacts());

    /// <summary>What the page's top says about the run, from what the build knows (never a path of this machine).</summary>
    RunFacts RunFacts() => new()
    {
        Version = VersionText(),
        Commit = Context.Git.Commit,
        StartedAt = StartedAt,
        RequestedArches = Arch.Select(a => a.Name()).ToList(),
        Suite = Suite,
        SuiteGlibc = SuiteGlibc.GetValueOrDefault(Suite),
        AbiFloor = AbiFloor,
        LogLink = LogFile is null ? null : Path.GetRelativePath(ReportsDirectory, LogFile).Replace(Path.DirectorySeparatorChar, '/'),
    };

    /// <summary>The package version, or why it is not known (a source pin that cannot be read does not stop the page).</summary>
    string? VersionText()
    {
        try { return Context.Version.ToString(); }
        catch (Exception e) when (e is not OperationCanceledException) { return null; }
    }

    /// <summary>
    /// One page per run that asked for it, failed runs included (they need it most): the Report target may not
    /// have run when an earlier target failed, and the results are only complete now.
    /// </summary>
    async Task WriteReportPageAtEndAsync()
    {
        if (!_reportRequested && !Results.Any(r => r.Name == "Report")) return;
        try
        {
            var report = await ReadRunReport(Results);
            ReportPage.Write(report, ReportPagePath);
            ReportAnnouncer.Announce(report, CiHost.Current, name => Path.GetRelativePath(RootDirectory, Path.Combine(ReportsDirectory, name)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("The report page could not be written: {Message}", e.Message);
        }
    }
}

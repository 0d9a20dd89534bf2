using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Pipeline;
using OpenH264Build.Reporting;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Writes artifacts/reports/index.html: one self-contained page for the run (targets and durations, verdicts per arch,
/// packages, signature, provenance), from the results so far and what the reports and the dist say.
/// </summary>
/// <param name="results">The targets' results when the page is written (the engine's, which grow as the run goes
/// on).</param>
/// <remarks>The run's log is copied beside the page once, when the run ends (<see cref="ReportLog"/>): only then does
/// it hold the run's last lines.</remarks>
public sealed class ReportStage(Func<IReadOnlyList<TargetResult>> results, RunFacts facts) : IStage
{
    public override string ToString() => "write the report page";

    public async Task RunAsync(RunContext context)
    {
        var report = await ReadAsync(context);
        var page = ReportPage.Write(report, PagePath(context.Paths));
        Log.Information("Report: {Page}", Path.GetRelativePath(context.Paths.Root, page));
    }

    public Task<RunReport> ReadAsync(RunContext context) =>
        RunReportReader.Read(results(), context.Arches.Select(a => a.Name()).ToList(), context.Paths.Reports,
            DistDirectory(context.Paths),
            context.Cancellation, facts);

    public static string PagePath(RunPaths paths) => Path.Combine(paths.Reports, "index.html");

    /// <summary>
    /// The dist the page lists: the run's own staging dist while it exists (Package, Sign and the checks fill it),
    /// else the last promoted dist.
    /// </summary>
    static string DistDirectory(RunPaths paths) =>
        Directory.Exists(paths.DistStaging) && Directory.EnumerateFileSystemEntries(paths.DistStaging).Any()
            ? paths.DistStaging : paths.Dist;
}

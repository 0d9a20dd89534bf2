using OpenH264Build.Patching;
using Serilog;

namespace OpenH264Build.Bisection;

/// <summary>
/// Finds the first patch of a series with which a failure appears: bisects the series by prefixes (the whole series
/// is known to fail), then the guilty patch by its hunks (the patches before it plus its first k hunks). Each probe
/// compiles a tree the stage cache and ccache mostly know already, and checks only what failed.
/// </summary>
/// <param name="probe">Builds a prefix and tells whether the failure is there.</param>
/// <param name="workDirectory">Where the cut-down patches of the hunk search are written.</param>
/// <param name="emptySeriesPasses">True when the baseline is the unpatched source itself, so no patch means no
/// failure.</param>
public sealed class GuiltyPatchFinder(SeriesProbe probe, string workDirectory, bool emptySeriesPasses)
{
    /// <summary>The guilty patch, or null when the failure is there without any patch or a probe could not
    /// tell.</summary>
    public async Task<GuiltyPatch?> FindAsync(IReadOnlyList<SeriesPatch> series,
        CancellationToken cancellationToken = default)
    {
        if (series.Count == 0) return null;
        int count;
        try
        {
            if (!emptySeriesPasses && await ProbeSeriesAsync(series, 0, cancellationToken))
            {
                Log.Warning("bisect: the failure is there without any patch: no patch of the series is to blame");
                return null;
            }
            count = await SeriesBisector.FirstFailingAsync(0,
                series.Count, (n, ct) => ProbeSeriesAsync(series, n, ct), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Warning("bisect: a prefix of the series could not be checked, no patch named: {Message}", e.Message);
            return null;
        }
        var guilty = series[count - 1];
        var hunk = await FindHunkAsync(series.Take(count - 1).ToList(), guilty, cancellationToken);
        var files = UnifiedDiffHunks.Parse(guilty.Text,
            guilty.StripLevel).Select(h => h.TargetFile).Distinct().ToList();
        var result = hunk is null ? new GuiltyPatch(guilty.Name, null, files) : new GuiltyPatch(guilty.Name,
            hunk.Number, [hunk.TargetFile]);
        Log.Information("bisect: the failure appears with {Patch}", result.ToString());
        return result;
    }

    /// <summary>The first hunk of the patch with which the failure appears, or null when it has one hunk or a cut could
    /// not be checked.</summary>
    private async Task<PatchHunk?> FindHunkAsync(IReadOnlyList<SeriesPatch> before, SeriesPatch guilty,
        CancellationToken cancellationToken)
    {
        var hunks = UnifiedDiffHunks.Parse(guilty.Text, guilty.StripLevel);
        if (hunks.Count < 2) return hunks.Count == 1 ? hunks[0] : null;
        try
        {
            var count = await SeriesBisector.FirstFailingAsync(0, hunks.Count, async (n, ct) =>
            {
                var cut = PatchHunkPrefix.Write(guilty, n, workDirectory);
                var result = await probe([.. before, cut], ct);
                Log.Information("bisect: {Patch} with {Applied} of {Total} hunks: {Verdict}", guilty.Name, n,
                    hunks.Count, result.Verdict);
                return result.Failed;
            }, cancellationToken);
            return hunks[count - 1];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The first hunks alone may not build (a later hunk declares what they use): the patch's files are named
            // instead.
            Log.Warning("bisect: the hunks of {Patch} could not be checked apart: {Message}", guilty.Name, e.Message);
            return null;
        }
    }

    private async Task<bool> ProbeSeriesAsync(IReadOnlyList<SeriesPatch> series, int count,
        CancellationToken cancellationToken)
    {
        var result = await probe(series.Take(count).ToList(), cancellationToken);
        Log.Information("bisect: {Applied} of {Total} patches: {Verdict}", count, series.Count, result.Verdict);
        return result.Failed;
    }
}

using OpenH264Build.Patching;
using Serilog;

namespace OpenH264Build.Bisection;

/// <summary>
/// When a check fails on a patch series, names the first patch (and hunk) with which the failure appears, at the top
/// of the check's report and in its failure line. What a probe compiles and checks is its caller's (Abi and Compat
/// each own theirs): the search knows only the series, its hunks, and whether a prefix fails.
/// </summary>
public sealed class GuiltyPatchSearch(IReadOnlyList<SeriesPatch> series, CancellationToken cancellation)
{
    /// <summary>Bisects, then amends the reports (<paramref name="reportStem"/>.json/.md); never replaces the check's
    /// own failure.</summary>
    public async Task<string> NameAsync(Func<Task<SeriesProbe>> makeProbe, string work, bool emptySeriesPasses,
        string what,
        string reportStem)
    {
        try
        {
            var finder = new GuiltyPatchFinder(await makeProbe(), work, emptySeriesPasses);
            if (await finder.FindAsync(series, cancellation) is not { } guilty) return "";
            var phrase = $"{what} appears with {guilty}";
            GuiltyPatchReport.Amend(reportStem + ".json", reportStem + ".md", guilty, phrase);
            return "; " + phrase;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Warning("bisect: could not name the guilty patch: {Message}", e.Message);
            return "";
        }
    }
}

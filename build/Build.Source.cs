using OpenH264Build.Patching;
using OpenH264Build.Signing;
using OpenH264Build.Source;
using Serilog;

namespace OpenH264Build;

partial class Build
{
    async Task FetchSource()
    {
        SourceTarball = await new SourceFetcher(Pin, Path.Combine(CacheDirectory, "downloads")).FetchAsync(CancellationToken);
        Log.Information("Source: {File} sha256 {Sha}", Pin.File, Pin.Sha256);
        ProvenanceSource = new ProvenanceSourcePin(Pin.Origins[0].Url ?? $"debian-source:{Pin.Origins[0].DebianSource}={Pin.Origins[0].DebianVersion}/{Pin.File}", Pin.Sha256);
    }

    /// <summary>The patches folder as the user named it, for messages and the report.</summary>
    string PatchesFolderAsGiven => Patches ?? "native/patches";

    string UpstreamWebUrl => $"https://github.com/{UpstreamRepository}";

    async Task ApplyPatches()
    {
        // A run whose series cannot be read must not leave the last run's patch list behind for the report.
        // (A fresh checkout has no reports folder yet, and File.Delete throws for a missing folder.)
        var lastPatchList = Path.Combine(ReportsDirectory, PatchesReport.FileName);
        if (File.Exists(lastPatchList)) File.Delete(lastPatchList);
        var series = PatchSeries.Read(PatchesDirectory, PatchesFolderAsGiven, UpstreamWebUrl);
        foreach (var warning in series.Warnings) Log.Warning("{Warning:l}", warning);
        foreach (var patch in series.Patches)
        {
            Log.Information("Series: {Patch:l}: {Subject:l}{Links:l}", patch.Name, patch.Header.Title,
                string.Concat(patch.Links.Select(l => $" [{l.Kind} {l.Url}]")));
            foreach (var warning in patch.Warnings) Log.Warning("{Patch:l}: {Warning:l}", patch.Name, warning);
        }
        Log.Information("Patch list with upstream links: {Report:l}", await PatchesReport.WriteAsync(series, ReportsDirectory, CancellationToken));
        Series = series.Patches;
        PatchedSource = await new PatchedTree(Cache).PrepareAsync(Pin, SourceTarball!, Series, CancellationToken);
        Cache.Prune(PatchedTree.Stage, [Path.GetFileName(Path.GetDirectoryName(PatchedSource.Directory)!)]);
    }
}

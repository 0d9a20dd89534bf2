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

    async Task ApplyPatches()
    {
        Series = PatchSeries.Load(PatchesDirectory);
        PatchedSource = await new PatchedTree(Cache).PrepareAsync(Pin, SourceTarball!, Series, CancellationToken);
        Cache.Prune(PatchedTree.Stage, [Path.GetFileName(Path.GetDirectoryName(PatchedSource.Directory)!)]);
    }
}

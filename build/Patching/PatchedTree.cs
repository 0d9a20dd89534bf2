using OpenH264Build.Caching;
using OpenH264Build.Formats;
using OpenH264Build.Source;
using OpenH264Build.Util;
using Serilog;

namespace OpenH264Build.Patching;

/// <summary>
/// The upstream tree with the series applied, kept in the stage cache under a key made of the tarball's digest
/// and every patch's name and digest: the same source and series always give the same folder, made once.
/// </summary>
public sealed class PatchedTree(StageCache cache)
{
    public const string Stage = "patched";

    public sealed record Result(string Directory, string Key, bool Reused);

    public static string KeyFor(string sourceSha256, IReadOnlyList<SeriesPatch> series) =>
        Sha256.OfParts([("source", sourceSha256),
            .. series.Select(p => ($"patch:{p.Name}:-p{p.StripLevel}", p.Sha256))]);

    public async Task<Result> PrepareAsync(SourcePin pin, string tarball, IReadOnlyList<SeriesPatch> series,
        CancellationToken ct)
    {
        var key = KeyFor(pin.Sha256, series);
        var (path, hit) = await cache.GetOrCreateAsync(Stage, key[..24], async output =>
        {
            var tree = Path.Combine(output, "src");
            await SourceUnpacker.UnpackAsync(tarball, tree, pin.TopDirectory, ct);
            await PatchApplier.ApplyAsync(series, tree, ct);
        });
        if (hit) Log.Information("Source with {Count} patch(es) is unchanged: reusing it", series.Count);
        return new Result(Path.Combine(path, "src"), key, hit);
    }
}

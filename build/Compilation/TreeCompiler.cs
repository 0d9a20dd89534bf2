using OpenH264Build.Caching;
using OpenH264Build.Formats;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Source;

namespace OpenH264Build.Compilation;

/// <summary>
/// The one way a source tree becomes a library in this run: the patched series (Compile), the empty series (the
/// unpatched-upstream baseline) and a prefix of the series (bisection) are all compiled with the run's toolchain image,
/// compile script, harness and jobs, so they differ only in their patches (the stage cache and ccache make the
/// extra trees cheap: only the patched files are compiled again). Its stage hands it those as plain values.
/// </summary>
public sealed class TreeCompiler(LibraryCompiler compiler, StageCache cache, string harnessSource, int jobs,
    CancellationToken cancellation)
{
    /// <summary>Empties the arch's compiler cache: the next compile of it is cold.</summary>
    public Task EmptyCcacheAsync(TargetArch arch) => compiler.Ccache(arch).EmptyAsync();

    /// <summary>Saves the arch's compiler cache for CI (--ccache-archive), when the run keeps one.</summary>
    public Task SaveCcacheAsync(TargetArch arch) => compiler.Ccache(arch).SaveAsync(cancellation);

    string? Harness => Directory.Exists(harnessSource) ? harnessSource : null;

    public Task<CompiledLibrary> CompileAsync(TargetArch arch, string tree, string treeKey) =>
        compiler.CompileAsync(arch, tree, treeKey, Harness, jobs, cancellation);

    /// <summary>The upstream source (<paramref name="tarball"/> of <paramref name="pin"/>) with
    /// <paramref name="series"/> applied, compiled for one arch.</summary>
    public async Task<CompiledLibrary> CompileSeriesAsync(TargetArch arch, SourcePin pin, string tarball,
        IReadOnlyList<SeriesPatch> series, CancellationToken cancellationToken)
    {
        var tree = await new PatchedTree(cache).PrepareAsync(pin, tarball, series, cancellationToken);
        return await compiler.CompileAsync(arch, tree.Directory, tree.Key, Harness, jobs, cancellationToken);
    }
}

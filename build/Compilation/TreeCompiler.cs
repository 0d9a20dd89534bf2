using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Source;

namespace OpenH264Build.Compilation;

/// <summary>
/// The one way a source tree becomes a library in this run: the patched series (Compile), the empty series (the
/// unpatched-upstream baseline) and a prefix of the series (bisection) are all compiled with the run's toolchain image,
/// compile script, harness and jobs, so they differ only in their patches (the stage cache and ccache make the
/// extra trees cheap: only the patched files are compiled again).
/// </summary>
public sealed class TreeCompiler(RunContext context, LibraryCompiler compiler)
{
    public static async Task<TreeCompiler> ForAsync(RunContext context, string askedBy)
    {
        var toolchain = context.Results.Get<BuiltToolchain>(askedBy);
        return new TreeCompiler(context, new LibraryCompiler(await context.DockerAsync(), context.Cache,
            toolchain.Image, toolchain.Id,
            context.Paths.CompileScript, context.Settings.CcacheArchive));
    }

    /// <summary>Empties the arch's compiler cache: the next compile of it is cold.</summary>
    public Task EmptyCcacheAsync(TargetArch arch) => compiler.Ccache(arch).EmptyAsync();

    /// <summary>Saves the arch's compiler cache for CI (--ccache-archive), when the run keeps one.</summary>
    public Task SaveCcacheAsync(TargetArch arch) => compiler.Ccache(arch).SaveAsync(context.Cancellation);

    string? Harness => Directory.Exists(context.Paths.Harness) ? context.Paths.Harness : null;

    public Task<CompiledLibrary> CompileAsync(TargetArch arch, string tree, string treeKey) =>
        compiler.CompileAsync(arch, tree, treeKey, Harness, context.Settings.Jobs, context.Cancellation);

    /// <summary>The fetched upstream source with <paramref name="series"/> applied, compiled for one arch.</summary>
    public async Task<CompiledLibrary> CompileSeriesAsync(TargetArch arch, IReadOnlyList<SeriesPatch> series,
        CancellationToken cancellationToken)
    {
        var source = context.Results.Get<FetchedSource>("compiling a patch series");
        var tree = await new PatchedTree(context.Cache).PrepareAsync(context.Pin, source.Tarball, series,
            cancellationToken);
        return await compiler.CompileAsync(arch, tree.Directory, tree.Key, Harness, context.Settings.Jobs,
            cancellationToken);
    }
}

using OpenH264Build.Compilation;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Source;

namespace OpenH264Build.Stages;

/// <summary>
/// The run's tree compiler: the toolchain Toolchain built, the engine, the stage cache, the compile script, the
/// harness and the jobs, read from the run context for the stages that compile (Compile, Baseline, bisection).
/// </summary>
public static class RunCompilers
{
    public static async Task<TreeCompiler> ForAsync(RunContext context, string askedBy)
    {
        var toolchain = context.Results.Get<BuiltToolchain>(askedBy);
        return new TreeCompiler(new LibraryCompiler(await context.DockerAsync(), context.Cache,
            toolchain.Image, toolchain.Id,
            context.Paths.CompileScript, context.Settings.CcacheArchive), context.Cache, context.Paths.Harness,
            context.Settings.Jobs, context.Cancellation);
    }

    /// <summary>The fetched upstream source with <paramref name="series"/> applied, compiled for one arch.</summary>
    public static async Task<CompiledLibrary> CompileSeriesAsync(RunContext context, string askedBy, TargetArch arch,
        IReadOnlyList<SeriesPatch> series, CancellationToken cancellationToken)
    {
        var compiler = await ForAsync(context, askedBy);
        var source = context.Results.Get<FetchedSource>("compiling a patch series");
        return await compiler.CompileSeriesAsync(arch, context.Pin, source.Tarball, series, cancellationToken);
    }
}

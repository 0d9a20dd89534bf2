using OpenH264Build.Compilation;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Source;

namespace OpenH264Build.Stages;

/// <summary>
/// Compiles a prefix of this run's patch series for one arch with the run's own toolchain (the stage cache and ccache
/// make that cheap): what a bisection probe builds. Only a series this run compiled can be bisected; a library given
/// from outside has no series.
/// </summary>
public sealed class PrefixCompiler(RunContext context)
{
    public IReadOnlyList<SeriesPatch> Series => context.Results.Find<PatchedSource>()?.Series ?? [];

    public bool CanBisect => Series.Count > 0 && context.Results.Find<FetchedSource>() is not null
        && context.Results.Find<BuiltToolchain>() is not null;

    public Task<CompiledLibrary> CompileAsync(TargetArch arch, IReadOnlyList<SeriesPatch> prefix,
        CancellationToken ct) => RunCompilers.CompileSeriesAsync(context, "bisect", arch, prefix, ct);
}

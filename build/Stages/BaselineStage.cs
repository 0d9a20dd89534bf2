using OpenH264Build.Abi;
using OpenH264Build.Baselines;
using OpenH264Build.Compilation;
using OpenH264Build.Elf;
using OpenH264Build.Host;
using OpenH264Build.Pipeline;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Chooses (and when needed builds or downloads) the baseline of each arch once, so that the ABI and the pictures of a
/// candidate are judged against the same library, and the provenance can say which.
/// </summary>
public sealed class BaselineStage(BaselineOptions options) : IStage<ChosenBaselines>
{
    public override string ToString() => "choose the baseline library";

    public async Task<ChosenBaselines> RunAsync(RunContext context)
    {
        var baselines = new Dictionary<TargetArch, BaselineLibrary>();
        foreach (var arch in context.Arches.Distinct())
        {
            var baseline = await BaselineSelector.SelectAsync(arch,
                options, a => BuildUnpatchedUpstreamAsync(context, a),
                context.Paths.Work("baseline", arch), context.Cancellation,
                    Path.Combine(context.Paths.Cache, "baseline"));
            Log.Information("Baseline {Arch}: {Baseline}", arch.Name(), baseline.DescriptionWithDigest);
            baselines[arch] = baseline;
        }
        return new ChosenBaselines(baselines);
    }

    /// <summary>
    /// The default baseline: the unpatched upstream source built by this same pipeline (same image, same flags, with
    /// debug info), which isolates exactly what the patches change.
    /// </summary>
    static async Task<NativeBuildOutput> BuildUnpatchedUpstreamAsync(RunContext context, TargetArch arch) =>
        (await RunCompilers.CompileSeriesAsync(context, "Baseline", arch, [], context.Cancellation)).Output;
}

using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Pipeline;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Holds the dist Sign is about to sign against a second, independent build's (see <see cref="BuildComparison"/>):
/// any difference stops the release before anything is signed.
/// </summary>
/// <param name="witnessDist">The unsigned dist of the independent build of the same commit (full path).</param>
public sealed class CompareBuildsStage(string witnessDist) : IStage
{
    public override string ToString() => "compare the dist with the witness build's";

    public Task RunAsync(RunContext context)
    {
        // What Sign signs: the staged dist (the release workflow downloads the proved dist there), else the last dist.
        var dist = Directory.Exists(context.Paths.DistStaging) ? context.Paths.DistStaging : context.Paths.Dist;
        var differences = BuildComparison.Differences(dist, witnessDist);
        if (differences.Count > 0)
        {
            foreach (var difference in differences) Log.Error("CompareBuilds: {Difference}", difference);
            throw new BuildFailure($"the two builds differ, so neither is signed: {string.Join("; ", differences)}");
        }
        Log.Information(
            "The witness build made the same bits: every library and package of {Dist} has the same sha256", dist);
        return Task.CompletedTask;
    }
}

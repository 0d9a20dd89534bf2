using OpenH264Build.Dist;
using OpenH264Build.Formats;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Stages;

/// <summary>
/// Checks a release folder with the release policy, as a fleet host would (the one policy Sign, Publish and Rollout
/// apply too), and leaves the verdict for the report page.
/// </summary>
public sealed class VerifyStage(VerifyOptions options) : IStage
{
    public override string ToString() => "check the release with the release policy";

    public async Task RunAsync(RunContext context)
    {
        var policy = new ReleasePolicy(options.Request);
        var verdict = await policy.CheckAsync(options.Folder, MinisignPublicKey.Load(options.PublicKeyFile),
            context.Cancellation);
        verdict.Write(Path.Combine(context.Paths.Reports, ReleaseVerdict.FileName));
    }
}

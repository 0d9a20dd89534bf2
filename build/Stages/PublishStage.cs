using OpenH264Build.Pipeline;
using OpenH264Build.Publishing;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Publishes the release tag's dist as a GitHub release: refuses what must not be released, drafts, uploads and
/// verifies every asset, then publishes, and comments upstream when asked (see <see cref="PublishRun"/>).
/// </summary>
public sealed class PublishStage(PublishSettings settings) : IStage
{
    public override string ToString() => "publish the GitHub release";

    public async Task RunAsync(RunContext context)
    {
        Log.Information("Publishing {Dist}", Path.GetRelativePath(settings.RootDirectory, settings.DistDirectory));
        await new PublishRun(settings, Log.Logger).Execute(context.Cancellation);
    }
}

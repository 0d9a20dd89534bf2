using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Stages;

/// <summary>
/// Installs missing host tools and foreign dpkg architectures (as root on Debian) and makes sure a Docker engine
/// answers, starting dockerd when it may. It runs before the host has what some of the context's services need, so it
/// reads only the context's settings, paths and cancellation: it never asks the context for Docker (which may not
/// answer yet; it probes the engine itself) or for the pinned source.
/// </summary>
/// <param name="mayInstall">False with --no-install: only report what is missing.</param>
public sealed class PrerequisitesStage(bool mayInstall) : IStage
{
    public override string ToString() => "install missing host tools and start the Docker engine";

    public async Task RunAsync(RunContext context)
    {
        await HostTools.EnsureAsync(mayInstall, context.Cancellation);
        await ForeignArchitectures.EnsureAsync(mayInstall, context.Cancellation);
        await DockerEngine.EnsureRunningAsync(context.Settings.DockerHost, mayStart: mayInstall,
            Path.Combine(context.Paths.Artifacts, "logs", "dockerd.log"), context.Cancellation);
    }
}

using OpenH264Build.Containers;
using OpenH264Build.Host;

namespace OpenH264Build;

partial class Build
{
    async Task EnsurePrerequisites()
    {
        await HostTools.EnsureAsync(mayInstall: !NoInstall, CancellationToken);
        await ForeignArchitectures.EnsureAsync(mayInstall: !NoInstall, CancellationToken);
        await DockerEngine.EnsureRunningAsync(DockerHost, mayStart: !NoInstall,
            Path.Combine(Paths.Artifacts, "logs", "dockerd.log"), CancellationToken);
    }
}

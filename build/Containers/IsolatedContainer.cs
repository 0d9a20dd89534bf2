using Docker.DotNet.Models;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>
/// What every container the build runs has in common: no network, the image's unprivileged build user, a label
/// that names the job, the labels of the checkout and run that own it (<see cref="ContainerLabels"/>), the limits of
/// <see cref="ContainerLimits"/>, and removal on every path once it is done with. The one place containers are
/// created: nothing else calls the engine's create.
/// </summary>
public static class IsolatedContainer
{
    /// <param name="label">The label key (e.g. <c>openh264-build.job</c>) whose value is <paramref
    /// name="name"/>.</param>
    public static CreateContainerParameters Parameters(string label, string name, string image, IList<string> command,
        IList<string>? environment, string workingDirectory, HostConfig hostConfig, ContainerLimits limits)
    {
        if (hostConfig.Mounts?.FirstOrDefault(m => m.Type != "volume" && m.Type != "tmpfs") is { } mount)
            throw new ArgumentException(
                $"Only engine volumes are mounted, never a path of the build host: {mount.Type} {mount.Source}");
        limits.ApplyTo(hostConfig);
        return new CreateContainerParameters
        {
            Image = image,
            Cmd = command,
            Env = environment,
            User = $"{ContainerJob.BuildUserId}:{ContainerJob.BuildUserId}",
            WorkingDir = workingDirectory,
            NetworkDisabled = true,
            Labels = new Dictionary<string, string> { [label] = name },
            HostConfig = hostConfig,
        };
    }

    /// <summary>Creates the container, hands its id to <paramref name="use"/>, and removes it whatever happened, Ctrl-C
    /// included.</summary>
    /// <param name="kind">What the warning calls it when it cannot be removed ("container", "sandbox
    /// container").</param>
    public static async Task<T> UseAsync<T>(DockerEngine engine, CreateContainerParameters parameters, string kind,
        Func<string, Task<T>> use, CancellationToken ct)
    {
        // Every container says which checkout and run own it, so a later run can remove it if this one is killed.
        parameters.Labels = ContainerLabels.WithOwner(parameters.Labels);
        var created = await engine.Client.Containers.CreateContainerAsync(parameters, ct);
        var id = created.ID;
        try
        {
            return await use(id);
        }
        finally
        {
            // Not cancellable: a cancelled build must still leave no container behind.
            try { await engine.Client.Containers.RemoveContainerAsync(id,
                new ContainerRemoveParameters { Force = true }, CancellationToken.None); }
            catch (Exception e) { Log.Warning("Could not remove {Kind:l} {Id}: {Message}", kind, id[..12], e.Message); }
        }
    }
}

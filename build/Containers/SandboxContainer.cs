using Docker.DotNet.Models;
using OpenH264Build.Archives;

namespace OpenH264Build.Containers;

/// <summary>What to run in the sandbox: files it reads (container path: host file), the folder its output goes
/// to.</summary>
public sealed record SandboxSpec(
    string Name,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> ReadOnlyFiles,
    string OutputDirectory,
    TimeSpan Timeout)
{
    /// <summary>
    /// Each progress line (<see cref="SandboxStreams.ProgressPrefix"/>) the container writes on its stderr, as it
    /// comes,
    /// when someone listens; stdout is the output's tar, so progress cannot share it.
    /// </summary>
    public Action<string>? OnProgressLine { get; init; }
}

/// <summary>How the sandbox ended: its exit status, or killed for overrunning its time or its memory.</summary>
public sealed record SandboxOutcome(long ExitCode, bool TimedOut, bool OutOfMemory, string Log);

/// <summary>
/// Runs code built from the patched tree (anything that loads a built library) in a throw-away container of the
/// sandbox image: no network, an unprivileged user without capabilities, a read-only root, an empty environment, the
/// sandbox limits of <see cref="ContainerLimits"/>, and a time limit after which it is killed. Its inputs are in
/// engine volumes mounted read-only (<see cref="SandboxInputs"/>); it writes only to a tmpfs of a fixed size, which it
/// hands back as a tar on its stdout once its command ends, read through <see cref="ContainerTarReader"/>. No host
/// path reaches the engine; container and volumes are removed on every path, Ctrl-C included.
/// </summary>
public sealed class SandboxContainer(DockerEngine engine, SandboxImage image)
{
    public const string OutputPath = "/sandbox/out";

    // The tmpfs holds a little more than the cap: output that fills it is always past the cap, so always refused.
    private static readonly string OutputTmpfs =
        $"rw,nosuid,nodev,noexec,size={ContainerLimits.SandboxOutputBytes + (16 << 20)},"
        + $"uid={ContainerJob.BuildUserId},gid={ContainerJob.BuildUserId},mode=0755";

    // env -i: nothing reaches the program, not even what the engine adds (HOSTNAME, PATH). Its stdout joins stderr;
    // stdout then carries only the tar of the output folder.
    private const string Wrapper = "\"$@\" >&2; status=$?; tar -C " + OutputPath + " -cf - . || exit 125; exit $status";

    public async Task<SandboxOutcome> RunAsync(SandboxSpec spec, CancellationToken ct)
    {
        var inputs = await SandboxInputs.CreateAsync(engine, image.Reference, spec.Name, spec.ReadOnlyFiles, ct);
        try
        {
            return await IsolatedContainer.UseAsync(engine, Parameters(spec, inputs), "sandbox container",
                id => RunInAsync(id, spec, ct), ct);
        }
        finally
        {
            await inputs.RemoveAsync();
        }
    }

    private async Task<SandboxOutcome> RunInAsync(string id, SandboxSpec spec, CancellationToken ct)
    {
        var tarFile = Path.GetFullPath(spec.OutputDirectory).TrimEnd('/') + ".out.tar";
        Directory.CreateDirectory(spec.OutputDirectory);
        try
        {
            var (log, timedOut) = await RunToEndAsync(id, spec, tarFile, ct);
            var state = (await engine.Client.Containers.InspectContainerAsync(id, ct)).State;
            if (!timedOut && new FileInfo(tarFile).Length > 0)
                ContainerTarReader.ExtractFile(tarFile, spec.OutputDirectory, Limits(spec), null);
            return new SandboxOutcome(state.ExitCode, timedOut, state.OOMKilled, log);
        }
        finally
        {
            File.Delete(tarFile);
        }
    }

    /// <summary>Starts the container and reads its streams until it ends, or kills it once its time is up.</summary>
    private async Task<(string Log, bool TimedOut)> RunToEndAsync(string id, SandboxSpec spec, string tarFile,
        CancellationToken ct)
    {
        using var streams = await engine.Client.Containers.AttachContainerAsync(id, false,
            new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, ct);
        await engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(spec.Timeout);
        try
        {
            var log = await SandboxStreams.ReadAsync(streams, tarFile, Limits(spec), spec.OnProgressLine,
                deadline.Token);
            await engine.Client.Containers.WaitContainerAsync(id, deadline.Token);
            return (log, false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var kill = new ContainerKillParameters { Signal = "KILL" };
            await engine.Client.Containers.KillContainerAsync(id, kill, CancellationToken.None);
            await engine.Client.Containers.WaitContainerAsync(id, CancellationToken.None);
            return ("", true);
        }
    }

    private static TarLimits Limits(SandboxSpec spec) =>
        new($"sandbox {spec.Name}", ContainerLimits.SandboxOutputBytes);

    private CreateContainerParameters Parameters(SandboxSpec spec, SandboxInputs inputs) =>
        IsolatedContainer.Parameters("openh264-build.sandbox", spec.Name, image.Reference,
            new[] { "/usr/bin/env", "-i", "/bin/sh", "-c", Wrapper, "sandbox" }.Concat(spec.Command).ToList(), [],
                OutputPath,
            new HostConfig
            {
                ReadonlyRootfs = true,
                Mounts = inputs.Mounts,
                Tmpfs = new Dictionary<string, string> { [OutputPath] = OutputTmpfs },
            }, ContainerLimits.Sandbox);
}

using System.Text;
using Docker.DotNet.Models;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>What to run in the sandbox: files mounted read-only (by container path: the host file), one writable folder.</summary>
public sealed record SandboxSpec(
    string Name,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> ReadOnlyFiles,
    string OutputDirectory,
    TimeSpan Timeout)
{
    /// <summary>Each line the container writes on its standard output while it runs (progress), when someone listens.</summary>
    public Action<string>? OnOutputLine { get; init; }
}

/// <summary>How the sandbox ended: its exit status, or killed for overrunning its time or its memory.</summary>
public sealed record SandboxOutcome(long ExitCode, bool TimedOut, bool OutOfMemory, string Log);

/// <summary>
/// Runs code built from the patched tree (anything that loads a built library) in a throw-away container of the
/// sandbox image: no network, an unprivileged user without capabilities, a read-only root, only the given files
/// mounted (read-only) and one output folder writable, an empty environment, memory and process limits, and a
/// time limit after which the container is killed. It is removed on every path, Ctrl-C included.
/// </summary>
public sealed class SandboxContainer(DockerEngine engine, SandboxImage image)
{
    public const string OutputPath = "/sandbox/out";
    public const long MemoryBytes = 2L << 30;
    public const long MaxProcesses = 64;

    public async Task<SandboxOutcome> RunAsync(SandboxSpec spec, CancellationToken ct)
    {
        Directory.CreateDirectory(spec.OutputDirectory);
        // The container's user is not the host's: it may write here and nowhere else.
        File.SetUnixFileMode(spec.OutputDirectory, (UnixFileMode)0b111_111_111);
        return await IsolatedContainer.UseAsync(engine, Parameters(spec), "sandbox container", async id =>
        {
            await engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
            using var stopFollowing = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var following = spec.OnOutputLine is { } onLine ? FollowAsync(id, onLine, stopFollowing.Token) : Task.CompletedTask;
            try { return await WaitAsync(id, spec, ct); }
            finally
            {
                await stopFollowing.CancelAsync();
                await following;
            }
        }, ct);
    }

    private async Task<SandboxOutcome> WaitAsync(string id, SandboxSpec spec, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(spec.Timeout);
        var timedOut = false;
        try { await engine.Client.Containers.WaitContainerAsync(id, deadline.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            timedOut = true;
            await engine.Client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "KILL" }, CancellationToken.None);
            await engine.Client.Containers.WaitContainerAsync(id, CancellationToken.None);
        }
        var state = (await engine.Client.Containers.InspectContainerAsync(id, ct)).State;
        return new SandboxOutcome(state.ExitCode, timedOut, state.OOMKilled, await LogAsync(id, ct));
    }

    /// <summary>The container's standard output as it comes, line by line; progress only, so a failure to read it is no failure.</summary>
    private async Task FollowAsync(string id, Action<string> onLine, CancellationToken ct)
    {
        try
        {
            using var stream = await engine.Client.Containers.GetContainerLogsAsync(id, false,
                new ContainerLogsParameters { ShowStdout = true, Follow = true }, ct);
            var buffer = new byte[4096];
            var pending = new System.Text.StringBuilder();
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                if (read.EOF) return;
                pending.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read.Count));
                var text = pending.ToString();
                var end = text.LastIndexOf('\n');
                if (end < 0) continue;
                foreach (var line in text[..end].Split('\n')) onLine(line);
                pending.Remove(0, end + 1);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or Docker.DotNet.DockerApiException) { }
    }

    // env -i: nothing reaches the program, not even what the engine adds (HOSTNAME, PATH).
    private CreateContainerParameters Parameters(SandboxSpec spec) =>
        IsolatedContainer.Parameters("openh264-build.sandbox", spec.Name, image.Reference,
            new[] { "/usr/bin/env", "-i" }.Concat(spec.Command).ToList(), [], OutputPath, new HostConfig
            {
                ReadonlyRootfs = true,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                Memory = MemoryBytes,
                MemorySwap = MemoryBytes,
                PidsLimit = MaxProcesses,
                Mounts = spec.ReadOnlyFiles
                    .Select(f => new Mount { Type = "bind", Source = Resolved(f.Value), Target = f.Key, ReadOnly = true })
                    .Append(new Mount { Type = "bind", Source = Path.GetFullPath(spec.OutputDirectory), Target = OutputPath })
                    .ToList(),
            });

    /// <summary>The file itself (libopenh264.so.7 is a symlink): a bind mount of a link would depend on the engine.</summary>
    private static string Resolved(string path)
    {
        var full = Path.GetFullPath(path);
        return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
    }

    private async Task<string> LogAsync(string id, CancellationToken ct)
    {
        using var stream = await engine.Client.Containers.GetContainerLogsAsync(id, false,
            new ContainerLogsParameters { ShowStderr = true, Tail = "20" }, ct);
        // Standard output holds only progress lines; what went wrong is on standard error.
        var (_, stderr) = await stream.ReadOutputToEndAsync(ct);
        return stderr.Trim();
    }
}

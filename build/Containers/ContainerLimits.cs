using Docker.DotNet.Models;

namespace OpenH264Build.Containers;

/// <summary>
/// The limits of a container, set where every container is created (<see cref="IsolatedContainer"/>), so that code
/// from the patched tree cannot pass them: memory (swap included), processes (pids), CPUs (NanoCPUs), the size of any
/// file it writes (Ulimits fsize: a larger write ends the writer with SIGXFSZ), its log (LogConfig: capped, or none
/// when its output is read from its stdout), and always: every capability dropped, no-new-privileges, no network,
/// and the engine's default seccomp profile (never replaced or turned off here).
/// </summary>
public sealed record ContainerLimits(long MemoryBytes, long MaxProcesses, double Cpus, long MaxFileBytes, LogConfig Log)
{
    private const long MiB = 1024 * 1024;

    /// <summary>
    /// What the sandbox may leave in all (its output tmpfs is this size, and its tar is capped too): room for the raw
    /// pictures the difference analysis reads when a soak stream drifts early (70,000 small pictures, about 650 MB).
    /// </summary>
    public const long SandboxOutputBytes = 1024 * MiB;

    /// <summary>What one compile may hand back (library, debug file, headers, harness: tens of MiB).</summary>
    public const long CompileOutputBytes = 512 * MiB;

    private static LogConfig CappedLog => new()
    {
        Type = "json-file", Config = new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "1" },
    };
    private static LogConfig NoLog => new() { Type = "none", Config = new Dictionary<string, string>() };

    /// <summary>A compile: make's jobs and the compilers, on the engine's CPUs; its log is followed, capped.</summary>
    public static ContainerLimits Compile(double cpus) => new(4096 * MiB, 1024, cpus, 1024 * MiB, CappedLog);

    /// <summary>The sandbox runs one program at a time; its output is a tar on stdout, so nothing is logged.</summary>
    public static ContainerLimits Sandbox { get; } = new(2048 * MiB, 64, 1, SandboxOutputBytes, NoLog);

    /// <summary>A helper that only carries a volume for the archive API: it is never started.</summary>
    public static ContainerLimits Helper { get; } = new(64 * MiB, 16, 0.5, 64 * MiB, NoLog);

    public HostConfig ApplyTo(HostConfig host)
    {
        host.NetworkMode = "none";
        host.Privileged = false;
        host.CapDrop = ["ALL"];
        host.SecurityOpt = ["no-new-privileges"];
        host.Memory = MemoryBytes;
        host.MemorySwap = MemoryBytes;
        host.PidsLimit = MaxProcesses;
        host.NanoCPUs = (long)(Cpus * 1e9);
        host.Ulimits = [new Ulimit { Name = "fsize", Soft = MaxFileBytes, Hard = MaxFileBytes }];
        host.LogConfig = Log;
        return host;
    }
}

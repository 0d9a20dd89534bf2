using Docker.DotNet;
using OpenH264Build.Engine;
using OpenH264Build.Processes;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>
/// The connection to the Docker engine, through its API (Docker.DotNet), never the docker CLI. The API version is
/// negotiated as the CLI does it: ask the engine which version it speaks and use that, so an older engine (this
/// project's machines speak v1.41) is never sent a newer request format. An engine that does not answer is
/// reported within seconds, naming Docker and DOCKER_HOST. A remote engine is reached over TLS as the CLI does it
/// (<see cref="EngineTls"/>: DOCKER_TLS_VERIFY, DOCKER_CERT_PATH).
/// </summary>
public sealed class DockerEngine : IDisposable
{
    public const string DefaultEndpoint = "unix:///var/run/docker.sock";
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    public DockerClient Client { get; }
    public string ApiVersion { get; }
    public Uri Endpoint { get; }

    /// <summary>The engine's CPUs (a remote engine's, not this machine's): the most a container can be given.</summary>
    public int Cpus { get; }

    private DockerEngine(DockerClient client, string apiVersion, Uri endpoint, int cpus)
    {
        Client = client;
        ApiVersion = apiVersion;
        Endpoint = endpoint;
        Cpus = cpus;
    }

    private static DockerClientConfiguration Configuration(Uri endpoint, TimeSpan timeout) =>
        new(endpoint, EngineTls.CredentialsFor(endpoint), timeout);

    public static Uri EndpointFor(string? dockerHost) =>
        new(string.IsNullOrWhiteSpace(dockerHost) ? DefaultEndpoint : dockerHost);

    /// <summary>Connects and negotiates, or fails in seconds with a message that says what to do.</summary>
    public static async Task<DockerEngine> ConnectAsync(string? dockerHost, CancellationToken ct)
    {
        var endpoint = EndpointFor(dockerHost);
        var error = await ProbeAsync(endpoint, ct);
        if (error is not null) throw Unreachable(endpoint, error);

        using var probe = Configuration(endpoint, PingTimeout).CreateClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PingTimeout);
        var version = await probe.System.GetVersionAsync(timeout.Token);
        // Long operations (image builds, compiles) stream for minutes: no client-side timeout for them.
        var client = Configuration(endpoint, Timeout.InfiniteTimeSpan)
            .CreateClient(new Version(version.APIVersion));
        var info = await client.System.GetSystemInfoAsync(ct);
        Log.Debug("Docker engine {Version} at {Endpoint}, API v{Api}, {Cpus} CPUs", version.Version, endpoint,
            version.APIVersion, info.NCPU);
        return new DockerEngine(client, version.APIVersion, endpoint, (int)Math.Max(1, info.NCPU));
    }

    /// <summary>null when the engine answers a ping within seconds; otherwise why it did not.</summary>
    public static async Task<string?> ProbeAsync(Uri endpoint, CancellationToken ct)
    {
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath))
            return $"{endpoint.LocalPath} does not exist";
        try
        {
            using var client = Configuration(endpoint, PingTimeout).CreateClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(PingTimeout);
            await client.System.PingAsync(timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {PingTimeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (e.InnerException ?? e).Message;
        }
    }

    /// <summary>
    /// Makes sure an engine answers: when none does, the endpoint is the local socket, we are root and may
    /// install, start dockerd in the background and wait for it.
    /// </summary>
    public static async Task EnsureRunningAsync(string? dockerHost, bool mayStart, string logFile, CancellationToken ct)
    {
        var endpoint = EndpointFor(dockerHost);
        var error = await ProbeAsync(endpoint, ct);
        if (error is null) return;

        var local = endpoint.ToString() == DefaultEndpoint || endpoint.ToString() == "unix:/var/run/docker.sock";
        if (!local || !mayStart || !Environment.IsPrivilegedProcess || HostProgram.Which("dockerd") is not { } dockerd)
            throw Unreachable(endpoint, error);

        Log.Information("No Docker engine answers at {Endpoint}: starting dockerd in the background (log: {Log})",
            endpoint, logFile);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        // setsid -f detaches dockerd from this process group, so it outlives the build and Ctrl-C does not reach it.
        await HostProgram.RunAsync("sh", ["-c", $"setsid -f \"{dockerd}\" >>\"{logFile}\" 2>&1 </dev/null"],
            new() { Purpose = "Starting dockerd" }, ct);
        for (var i = 0; i < 60; i++)
        {
            await Task.Delay(500, ct);
            if (await ProbeAsync(endpoint, ct) is null) return;
        }
        throw Unreachable(endpoint, $"dockerd was started but did not answer within 30 s (see {logFile})");
    }

    private static BuildFailure Unreachable(Uri endpoint, string why) =>
        new($"Docker engine not reachable at {endpoint} ({why}). Start it (as root: 'dockerd &', or 'systemctl start " +
            $"docker') or point DOCKER_HOST at a running engine.");

    public void Dispose() => Client.Dispose();
}

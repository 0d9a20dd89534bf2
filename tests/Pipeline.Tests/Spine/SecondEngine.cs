using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet.Models;
using OpenH264Build.Containers;
using OpenH264Build.Terminal;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// A second Docker engine that the test starts and stops: dockerd on a random free loopback port, with a data root,
/// exec root and pid file of its own and no bridge (no iptables rules), so it touches nothing of the machine's
/// engine. Images are copied into it from the first engine through the API (save, then load).
/// </summary>
internal sealed class SecondEngine : IAsyncDisposable
{
    private readonly Process _dockerd;
    public string Root { get; }
    public string Host { get; }

    private SecondEngine(Process dockerd, string root, string host) => (_dockerd, Root, Host) = (dockerd, root, host);

    /// <param name="options">More dockerd options (TLS).</param>
    public static async Task<SecondEngine> StartAsync(params string[] options)
    {
        var root = Directory.CreateTempSubdirectory("second-engine-").FullName;
        var host = $"tcp://127.0.0.1:{FreePort()}";
        var dockerd = Process.Start(new ProcessStartInfo("dockerd",
        [
            "-H", host, "--data-root", Path.Combine(root, "data"), "--exec-root", Path.Combine(root, "exec"),
            "--pidfile", Path.Combine(root, "dockerd.pid"), "--bridge", "none", "--iptables=false", "--ip-masq=false", .. options,
        ]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        dockerd.ErrorDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(Path.Combine(root, "dockerd.log"), e.Data + "\n"); };
        dockerd.BeginErrorReadLine();
        dockerd.BeginOutputReadLine();
        var engine = new SecondEngine(dockerd, root, host);
        var port = new Uri(host).Port;
        for (var i = 0; i < 120 && !await AnswersAsync(port); i++) await Task.Delay(500);
        Assert.True(await AnswersAsync(port), File.ReadAllText(Path.Combine(root, "dockerd.log")));
        await Task.Delay(1000);
        return engine;
    }

    /// <summary>Copies images from the machine's engine into this one, through the API of both.</summary>
    public async Task LoadAsync(IEnumerable<string> references)
    {
        using var from = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
        using var to = await DockerEngine.ConnectAsync(Host, default);
        foreach (var reference in references)
        {
            await using var image = await from.Client.Images.SaveImageAsync(reference, default);
            await to.Client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, image, new Progress<JSONMessage>(), default);
        }
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new TcpClient();
        try { await client.ConnectAsync(IPAddress.Loopback, port); return true; }
        catch (SocketException) { return false; }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM: dockerd stops its containers and its containerd, and unmounts what it mounted.
        await CliWrap.Cli.Wrap("kill").WithArguments(["-TERM", _dockerd.Id.ToString()]).WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await _dockerd.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { _dockerd.Kill(entireProcessTree: true); await _dockerd.WaitForExitAsync(); }
        _dockerd.Dispose();
        await CliWrap.Cli.Wrap("rm").WithArguments(["-rf", "--one-file-system", Root]).WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync();
    }
}

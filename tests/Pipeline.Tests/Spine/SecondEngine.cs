using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet.Models;
using OpenH264Build.Containers;
using OpenH264Build.Terminal;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// A second Docker engine that the test starts and stops: dockerd on a random free loopback port, with an exec root and
/// pid file of its own, a data root that keeps only its images from one run to the next, and a bridge of its own (no
/// iptables rules), so it touches nothing of the machine's engine. Not <c>--bridge none</c>: a dockerd started so
/// deletes the host's <c>docker0</c>, which belongs to the machine's engine (interfaces are shared by every engine of
/// the host), and breaks its default network. Images are copied into it from the first engine through the API (save,
/// then load).
/// </summary>
internal sealed class SecondEngine : IAsyncDisposable
{
    /// <summary>
    /// The tests that start a second engine, one after another, beside the "Pipeline" chain rather than in it: much of
    /// their time is a dockerd starting and images being loaded into it, when the chain's own runs can use the cores.
    /// </summary>
    public const string Collection = "Second engine";

    private readonly Process _dockerd;
    private readonly string _bridge;
    private readonly FileStream _imagesLock;
    public string Root { get; }
    public string Host { get; }

    private SecondEngine(Process dockerd, string bridge, FileStream imagesLock, string root, string host) =>
        (_dockerd, _bridge, _imagesLock, Root, Host) = (dockerd, bridge, imagesLock, root, host);

    /// <summary>
    /// The data root every second engine of this machine starts on, so the images loaded into it stay, as they stay in
    /// the machine's engine and in a CI runner's image cache: loading them (2 GB through two engines' APIs) was most
    /// of a run on it. Containers and volumes do not stay (<see cref="ForgetAllButImagesAsync"/>).
    /// </summary>
    private static readonly string ImagesRoot = Path.Combine(Path.GetTempPath(), "openh264-build-second-engine");

    /// <param name="options">More dockerd options (TLS).</param>
    public static async Task<SecondEngine> StartAsync(params string[] options)
    {
        Directory.CreateDirectory(ImagesRoot);
        var imagesLock = await LockAsync(Path.Combine(ImagesRoot, "lock"));
        var root = Directory.CreateTempSubdirectory("second-engine-").FullName;
        var host = $"tcp://127.0.0.1:{FreePort()}";
        var bridge = await MakeBridgeAsync();
        var dockerd = Process.Start(new ProcessStartInfo("dockerd",
        [
            "-H", host, "--data-root", Path.Combine(ImagesRoot, "data"), "--exec-root", Path.Combine(root, "exec"),
            "--pidfile", Path.Combine(root, "dockerd.pid"), "--bridge", bridge, "--iptables=false", "--ip-masq=false", .. options,
        ]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        dockerd.ErrorDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(Path.Combine(root, "dockerd.log"), e.Data + "\n"); };
        dockerd.BeginErrorReadLine();
        dockerd.BeginOutputReadLine();
        var engine = new SecondEngine(dockerd, bridge, imagesLock, root, host);
        try
        {
            var port = new Uri(host).Port;
            for (var i = 0; i < 120 && !await AnswersAsync(port); i++) await Task.Delay(500);
            Assert.True(await AnswersAsync(port), File.ReadAllText(Path.Combine(root, "dockerd.log")));
            await Task.Delay(1000);
            // A --tlsverify engine answers only a client with its certificate, which the test makes after the start;
            // such a test only runs Prerequisites on it, so what an earlier run left does not matter there.
            if (!options.Contains("--tlsverify")) await engine.ForgetAllButImagesAsync();
            return engine;
        }
        catch
        {
            // A half-started engine still holds the data root's lock and a dockerd: released here, or the next test
            // waiting for the lock would wait until the test host exits.
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>One second engine at a time on the shared data root (another test process may want one too); a
    /// holder that keeps it for ten minutes is a failure named in one line, not a hang.</summary>
    private static async Task<FileStream> LockAsync(string path)
    {
        var patience = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (patience.Elapsed < TimeSpan.FromMinutes(10)) { await Task.Delay(500); }
            catch (IOException e)
            {
                throw new TimeoutException($"another second engine has held {path} for 10 minutes: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Removes every container and volume an earlier run left on the shared data root: each test starts on an engine
    /// that holds the images and nothing else (the compiler cache comes as a CI runner brings it, an archive).
    /// </summary>
    private async Task ForgetAllButImagesAsync()
    {
        using var engine = await DockerEngine.ConnectAsync(Host, default);
        foreach (var container in await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
            await engine.Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        foreach (var volume in (await engine.Client.Volumes.ListAsync()).Volumes ?? [])
            await engine.Client.Volumes.RemoveAsync(volume.Name, force: true);
    }

    /// <summary>
    /// Copies images from the machine's engine into this one, through the API of both; an image this engine already
    /// holds under the same reference and ID (from an earlier run on the shared data root) is not copied again.
    /// </summary>
    public async Task LoadAsync(IEnumerable<string> references)
    {
        using var from = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
        using var to = await DockerEngine.ConnectAsync(Host, default);
        foreach (var reference in references)
        {
            var id = (await from.Client.Images.InspectImageAsync(reference)).ID;
            if (await ImageNames.FindAsync(to, reference, default) == id) continue;
            await using var image = await from.Client.Images.SaveImageAsync(reference, default);
            await to.Client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, image, new Progress<JSONMessage>(), default);
        }
    }

    /// <summary>A named volume of the machine's engine as a tar (<see cref="EngineVolume.ExportAsync"/>).</summary>
    public static async Task ExportMachineVolumeAsync(string name, string helperImage, string tarFile)
    {
        using var machine = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
        await new EngineVolume(machine, name, helperImage).ExportAsync(tarFile, default);
    }

    /// <summary>A bridge interface of this engine's own, on a private /24 no route of the host uses yet.</summary>
    private static async Task<string> MakeBridgeAsync()
    {
        var name = $"h264e-{Guid.NewGuid():N}"[..14];
        var routes = (await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
            CliWrap.Cli.Wrap("ip").WithArguments(["-4", "route"]))).StandardOutput;
        var subnet = Enumerable.Range(0, 256).Select(_ => $"10.253.{Random.Shared.Next(256)}.")
            .First(prefix => !routes.Contains(prefix));
        await CliWrap.Cli.Wrap("ip").WithArguments(["link", "add", "name", name, "type", "bridge"]).ExecuteAsync();
        await CliWrap.Cli.Wrap("ip").WithArguments(["addr", "add", subnet + "1/24", "dev", name]).ExecuteAsync();
        await CliWrap.Cli.Wrap("ip").WithArguments(["link", "set", name, "up"]).ExecuteAsync();
        return name;
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
        await CliWrap.Cli.Wrap("ip").WithArguments(["link", "delete", _bridge])
            .WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync();
        await CliWrap.Cli.Wrap("rm").WithArguments(["-rf", "--one-file-system", Root]).WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync();
        await _imagesLock.DisposeAsync();
    }
}

[CollectionDefinition(SecondEngine.Collection)]
public sealed class SecondEngineCollection;

using System.Net.Sockets;
using Docker.DotNet.Models;
using OpenH264Build.Containers;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// Something for a hostile decoder to reach, which would answer if the sandbox had any network: a TCP listener in a
/// container of the project's base image, on a Docker network this test creates, and also on the engine's default
/// network, where a container lands whose network mode was left out. Each connection it accepts is counted. Its
/// addresses are the only ones the test hands out; the container and the network are removed at the end.
/// </summary>
public sealed class ListenerContainer : IAsyncDisposable
{
    public const int Port = 7777;

    private const string Listener = "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => " + "7777" +
        ", Listen => 64, ReuseAddr => 1) or die $!; while (my $c = $s->accept) { open(my $f, '>>', '/tmp/connections');" +
        " print $f \"c\\n\"; close $f; close $c }";

    private readonly DockerEngine _engine;
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private string _network = "", _container = "";

    /// <summary>The listener's address on each of its networks: the test's own, then the engine's default.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    private ListenerContainer(DockerEngine engine) => _engine = engine;

    public static async Task<ListenerContainer> StartAsync()
    {
        var listener = new ListenerContainer(await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default));
        await listener.StartAsync(await BaseImageAsync(listener._engine));
        return listener;
    }

    private static async Task<string> BaseImageAsync(DockerEngine engine) =>
        (await engine.Client.Images.ListImagesAsync(new ImagesListParameters()))
        .SelectMany(i => i.RepoTags ?? []).First(t => t.StartsWith(ImageNames.BaseRepository + ":", StringComparison.Ordinal));

    private async Task StartAsync(string image)
    {
        _network = (await _engine.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = $"sandboxed-patch-{_id}", Driver = "bridge",
        })).ID;
        _container = (await _engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image, Name = $"sandboxed-patch-listener-{_id}", Cmd = ["perl", "-e", Listener],
            Labels = new Dictionary<string, string> { ["openh264-build.sandboxed-patch-test"] = _id },
            HostConfig = new HostConfig { NetworkMode = $"sandboxed-patch-{_id}" },
        })).ID;
        await _engine.Client.Networks.ConnectNetworkAsync("bridge", new NetworkConnectParameters { Container = _container });
        await _engine.Client.Containers.StartContainerAsync(_container, new ContainerStartParameters());
        var networks = (await _engine.Client.Containers.InspectContainerAsync(_container)).NetworkSettings.Networks;
        Addresses = networks.OrderBy(n => n.Key == "bridge").Select(n => n.Value.IPAddress).ToList();
    }

    /// <summary>Connects to every address from the test's own process: the listener answers, and counts it.</summary>
    public async Task ProveItAnswersAsync()
    {
        foreach (var address in Addresses)
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(address, Port).WaitAsync(TimeSpan.FromSeconds(5));
                    break;
                }
                catch (Exception e) when (e is SocketException or TimeoutException && attempt < 40) { await Task.Delay(250); }
            }
    }

    /// <summary>The connections the listener accepted so far.</summary>
    public async Task<int> ConnectionsAsync()
    {
        var exec = await _engine.Client.Exec.ExecCreateContainerAsync(_container, new ContainerExecCreateParameters
        {
            Cmd = ["sh", "-c", "cat /tmp/connections 2>/dev/null | wc -l"], AttachStdout = true, AttachStderr = true,
        });
        using var stream = await _engine.Client.Exec.StartAndAttachContainerExecAsync(exec.ID, false);
        var (stdout, _) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        return int.Parse(stdout.Trim());
    }

    public async ValueTask DisposeAsync()
    {
        if (_container != "")
            await _engine.Client.Containers.RemoveContainerAsync(_container, new ContainerRemoveParameters { Force = true });
        if (_network != "") await _engine.Client.Networks.DeleteNetworkAsync(_network);
        _engine.Dispose();
    }
}

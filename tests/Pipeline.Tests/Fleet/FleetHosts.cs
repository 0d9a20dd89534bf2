using System.Text;
using Docker.DotNet.Models;
using OpenH264Build.Archives;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build.Tests.Compat;
using OpenH264Build.Processes;

namespace OpenH264Build.Tests.Fleet;

/// <summary>
/// How a test host starts: online or not, whether it accepts the test's key, a tiny disk for its state, whether the
/// controller's known_hosts knows its host key, and the user the rollout logs in as (root, or "deploy" with sudo).
/// </summary>
public sealed record HostSpec(string Name, string Arch, bool Online = true, bool AcceptsKey = true, bool FullDisk = false,
    bool KnownKey = true, string User = "root");

/// <summary>
/// Fleet hosts as containers: a host image built through the engine's API on the project's debootstrapped base
/// image (once per recipe), one network of this test's own, a container per host running sshd, an inventory file
/// with their addresses. Everything created here is named with this fixture's id and removed at the end.
/// </summary>
public sealed class FleetHosts : IAsyncDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly DockerEngine _engine;
    private readonly Dictionary<string, (HostSpec Spec, string Container)> _hosts = new();
    private string _network = "";
    private string _subnetPrefix = "";

    public string Root { get; } = Directory.CreateTempSubdirectory("fleet-hosts-").FullName;
    public string Inventory => Path.Combine(Root, "inventory.ini");

    /// <summary>The controller's known_hosts: the host keys of the running hosts whose spec says KnownKey, scanned, hashed.</summary>
    public string KnownHosts => Path.Combine(Root, "known_hosts");
    private string Key => Path.Combine(Root, "id_ed25519");

    private FleetHosts(DockerEngine engine) => _engine = engine;

    public static async Task<FleetHosts> StartAsync(IReadOnlyList<HostSpec> specs)
    {
        var hosts = new FleetHosts(await DockerEngine.ConnectAsync(null, CancellationToken.None));
        await hosts.StartAllAsync(specs);
        return hosts;
    }

    private async Task StartAllAsync(IReadOnlyList<HostSpec> specs)
    {
        await HostProgram.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", Key]);
        await HostProgram.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", Key + ".other"]);
        var image = await HostImageAsync();
        var network = await _engine.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = $"fleet-test-{_id}", Driver = "bridge" });
        _network = network.ID;
        var subnet = (await _engine.Client.Networks.InspectNetworkAsync(_network)).IPAM.Config[0].Subnet;
        _subnetPrefix = subnet[..subnet.LastIndexOf('.')];
        foreach (var spec in specs) _hosts[spec.Name] = (spec, await CreateAsync(spec, image));
        await Task.WhenAll(specs.Where(s => s.Online).Select(s => _engine.Client.Containers.StartContainerAsync(_hosts[s.Name].Container, new ContainerStartParameters())));
        await WriteInventoryAsync();
    }

    private async Task<string> HostImageAsync()
    {
        var baseImage = await new BaseImageBuilder(_engine, Root).EnsureAsync("bookworm", CancellationToken.None);
        var recipe = Path.Combine(CompatFixture.RepositoryRoot, "tests", "Pipeline.Tests", "Fleet", "HostImage");
        var reference = $"openh264-build/fleet-host:{ToolchainImageBuilder.TagFor(baseImage, recipe)}";
        if (await ImageNames.FindAsync(_engine, reference, CancellationToken.None) is not null) return reference;
        using var context = new MemoryStream();
        TarWriter.Write(context, TarWriter.EntriesOf(recipe), TarWriter.DefaultEpoch);
        context.Position = 0;
        var progress = new DockerProgress("fleet host image");
        await _engine.Client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
        {
            Dockerfile = "Dockerfile", Tags = [reference], BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage },
            NetworkMode = "host", Remove = true, ForceRemove = true,
        }, context, null, null, progress, CancellationToken.None);
        progress.ThrowIfFailed();
        return reference;
    }

    private async Task<string> CreateAsync(HostSpec spec, string image)
    {
        var created = await _engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Name = $"fleet-{_id}-{spec.Name}",
            Hostname = spec.Name,
            Labels = new Dictionary<string, string> { ["openh264-build.fleet-test"] = _id },
            HostConfig = new HostConfig
            {
                NetworkMode = $"fleet-test-{_id}",
                Mounts = [new Mount { Type = "bind", Source = HostProgram.Which("qemu-aarch64-static")!, Target = "/usr/bin/qemu-aarch64-static", ReadOnly = true }],
                Tmpfs = spec.FullDisk ? new Dictionary<string, string> { ["/var/lib/openh264-fleet"] = "size=256k" } : null,
            },
        });
        var key = await File.ReadAllTextAsync(spec.AcceptsKey ? Key + ".pub" : Key + ".other.pub");
        using var tar = new MemoryStream();
        var root = spec.User == "root";
        TarWriter.Write(tar, [TarEntrySource.Bytes("authorized_keys", Encoding.UTF8.GetBytes(key))], ownerId: root ? 0 : 1000);
        tar.Position = 0;
        await _engine.Client.Containers.ExtractArchiveToContainerAsync(created.ID,
            new ContainerPathStatParameters { Path = root ? "/root/.ssh" : $"/home/{spec.User}/.ssh" }, tar);
        await AddSmokeRunnerAsync(created.ID);
        return created.ID;
    }

    /// <summary>The smoke runner of an arm64 host: qemu on the fleet's CPU model (FleetCpu), the Pi 4's.</summary>
    public const string SmokeRunner = "/usr/local/bin/qemu-aarch64-fleet";

    private async Task AddSmokeRunnerAsync(string container)
    {
        var model = Host.FleetCpu.QemuModel;
        var script = $"#!/bin/sh\nexec /usr/bin/qemu-aarch64-static -cpu {model} \"$@\"\n";
        using var tar = new MemoryStream();
        var entry = TarEntrySource.Bytes(Path.GetFileName(SmokeRunner), Encoding.UTF8.GetBytes(script), 0b111_101_101);
        TarWriter.Write(tar, [entry], ownerId: 0);
        tar.Position = 0;
        await _engine.Client.Containers.ExtractArchiveToContainerAsync(container,
            new ContainerPathStatParameters { Path = Path.GetDirectoryName(SmokeRunner) }, tar);
    }

    /// <summary>Writes the inventory: running hosts by their address, stopped ones at an address nobody answers.</summary>
    public async Task WriteInventoryAsync()
    {
        var lines = new StringBuilder();
        var known = new StringBuilder();
        var index = 0;
        foreach (var group in _hosts.Values.GroupBy(h => h.Spec.Arch).OrderBy(g => g.Key))
        {
            lines.AppendLine($"[{group.Key}]");
            foreach (var (spec, container) in group.OrderBy(h => h.Spec.Name))
            {
                var inspect = await _engine.Client.Containers.InspectContainerAsync(container);
                var address = inspect.State.Running ? inspect.NetworkSettings.Networks.Values.First().IPAddress : $"{_subnetPrefix}.{240 + index++}";
                lines.AppendLine($"{spec.Name} ansible_host={address}" + (spec.Arch == "arm64" ? $" openh264_smoke_runner={SmokeRunner}" : "")
                                 + (spec.User == "root" ? "" : $" ansible_user={spec.User}"));
                if (inspect.State.Running && spec.KnownKey) known.Append(await ScanAsync(address));
            }
        }
        lines.AppendLine("[all:vars]\nansible_user=root").AppendLine($"ansible_ssh_private_key_file={Key}");
        await File.WriteAllTextAsync(Inventory, lines.ToString());
        await File.WriteAllTextAsync(KnownHosts, known.ToString());
    }

    /// <summary>The host key of a running host, hashed as ssh-keyscan -H writes it (sshd may take a moment to answer).</summary>
    private static async Task<string> ScanAsync(string address)
    {
        for (var attempt = 0; ; attempt++)
        {
            var scan = await HostProgram.RunAsync("ssh-keyscan", ["-H", "-T", "5", address], new() { AllowFailure = true });
            if (scan.StandardOutput.Contains("ssh-", StringComparison.Ordinal) || attempt == 20) return scan.StandardOutput;
            await Task.Delay(250);
        }
    }

    public string Container(string host) => _hosts[host].Container;
    public Task StartAsync(string host) => _engine.Client.Containers.StartContainerAsync(Container(host), new ContainerStartParameters());
    public Task PauseAsync(string host) => _engine.Client.Containers.PauseContainerAsync(Container(host));
    public Task UnpauseAsync(string host) => _engine.Client.Containers.UnpauseContainerAsync(Container(host));

    /// <summary>Runs a command in a host (as root, through the engine, not over ssh); returns its exit code and output.</summary>
    public async Task<(long ExitCode, string Output)> ExecAsync(string host, params string[] command)
    {
        var exec = await _engine.Client.Exec.ExecCreateContainerAsync(Container(host), new ContainerExecCreateParameters
        {
            Cmd = command, AttachStdout = true, AttachStderr = true,
        });
        using var stream = await _engine.Client.Exec.StartAndAttachContainerExecAsync(exec.ID, false);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        var inspect = await _engine.Client.Exec.InspectContainerExecAsync(exec.ID);
        return (inspect.ExitCode, stdout + stderr);
    }

    /// <summary>Copies a file of the controller into a folder of a host (through the engine).</summary>
    public async Task PutFileAsync(string host, string file, string folder)
    {
        using var tar = new MemoryStream();
        TarWriter.Write(tar, [TarEntrySource.File(Path.GetFileName(file), file)], ownerId: 0);
        tar.Position = 0;
        await _engine.Client.Containers.ExtractArchiveToContainerAsync(Container(host), new ContainerPathStatParameters { Path = folder }, tar);
    }

    /// <summary>Starts a command in a host and leaves it running (e.g. a process holding the dpkg lock).</summary>
    public async Task StartDetachedAsync(string host, params string[] command)
    {
        var exec = await _engine.Client.Exec.ExecCreateContainerAsync(Container(host), new ContainerExecCreateParameters { Cmd = command, Detach = true });
        await _engine.Client.Exec.StartContainerExecAsync(exec.ID);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, container) in _hosts.Values)
        {
            try { await _engine.Client.Containers.UnpauseContainerAsync(container); } catch (Docker.DotNet.DockerApiException) { }
            await _engine.Client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true });
        }
        if (_network != "") await _engine.Client.Networks.DeleteNetworkAsync(_network);
        _engine.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

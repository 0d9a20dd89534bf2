using System.Text;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using OpenH264Build.Archives;
using OpenH264Build.Containers;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// A plain machine for a reproducer bundle: the project's debootstrapped base image plus ONLY the Debian packages
/// the bundle's README names (installed without recommends, so nothing unnamed comes along), then a container of
/// it with no network, the bundle copied in (no mount), running a shell script. Image and containers carry this
/// runner's id and are removed at the end.
/// </summary>
public sealed partial class ReproRunner : IAsyncDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly DockerEngine _engine;
    private readonly string _scratch = Directory.CreateTempSubdirectory("repro-runner-").FullName;

    public string Image { get; private set; } = "";

    private ReproRunner(DockerEngine engine) => _engine = engine;

    /// <param name="packages">The packages to install; none: the bare base image.</param>
    public static async Task<ReproRunner> StartAsync(IReadOnlyList<string> packages)
    {
        var engine = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), CancellationToken.None);
        var runner = new ReproRunner(engine);
        var baseImage = await new BaseImageBuilder(engine, runner._scratch).EnsureAsync("bookworm", CancellationToken.None);
        if (packages.Count == 0) { runner.Image = baseImage; return runner; }
        var recipe = Directory.CreateDirectory(Path.Combine(runner._scratch, "recipe")).FullName;
        await File.WriteAllTextAsync(Path.Combine(recipe, "Dockerfile"), $"""
            ARG BASE_IMAGE
            FROM ${"{"}BASE_IMAGE{"}"}
            RUN apt-get update \
             && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends {string.Join(' ', packages)} \
             && rm -rf /var/lib/apt/lists/*
            """);
        var repository = $"openh264-build-test/repro-{runner._id}";
        (runner.Image, _) = await new ToolchainImageBuilder(engine, null, repository)
            .EnsureAsync(baseImage, recipe, CancellationToken.None);
        runner._built = true;
        return runner;
    }

    private bool _built;

    /// <summary>The packages of the README's install line for a machine that is not aarch64 (the one naming qemu-user).</summary>
    public static IReadOnlyList<string> PackagesNamedBy(string readme)
    {
        var line = readme.Split('\n').Single(l =>
            l.Contains("apt-get install", StringComparison.Ordinal) && l.Contains("qemu-user", StringComparison.Ordinal));
        return InstallLine().Match(line).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"apt-get install --no-install-recommends (.+)$")]
    private static partial Regex InstallLine();

    /// <summary>Copies the bundle to /bundle and runs the script there without network; returns its output.</summary>
    public async Task<string> RunAsync(string bundle, string script)
    {
        var created = await _engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = Image, Name = $"repro-test-{_id}-{Guid.NewGuid().ToString("N")[..6]}", WorkingDir = "/bundle",
            Cmd = ["/bin/sh", "-c", script], NetworkDisabled = true,
            Labels = new Dictionary<string, string> { ["openh264-build.repro-test"] = _id },
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        try
        {
            using var tar = new MemoryStream();
            TarWriter.Write(tar, [TarEntrySource.Directory("bundle"), .. TarWriter.EntriesOf(bundle, "bundle/")]);
            tar.Position = 0;
            await _engine.Client.Containers.ExtractArchiveToContainerAsync(created.ID,
                new ContainerPathStatParameters { Path = "/" }, tar);
            await _engine.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            await _engine.Client.Containers.WaitContainerAsync(created.ID);
            using var logs = await _engine.Client.Containers.GetContainerLogsAsync(created.ID, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            return stdout + stderr;
        }
        finally
        {
            await _engine.Client.Containers.RemoveContainerAsync(created.ID,
                new ContainerRemoveParameters { Force = true });
        }
    }

    /// <summary>A script line that runs a command and prints "exit=N" after its output.</summary>
    public static string Exit(string command, string label) => $"{command}; echo \"{label} exit=$?\"";

    public async ValueTask DisposeAsync()
    {
        if (_built) await _engine.Client.Images.DeleteImageAsync(Image, new ImageDeleteParameters { Force = true });
        _engine.Dispose();
        Directory.Delete(_scratch, true);
    }
}

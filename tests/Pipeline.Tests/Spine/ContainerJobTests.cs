using Docker.DotNet.Models;
using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Spine;

/// <summary>Containers against the real engine: results come out, failures say why, and nothing is left behind.</summary>
[Collection("Pipeline")]
public class ContainerJobTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "container-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public ContainerJobTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    private static async Task<(DockerEngine Engine, string Image)> ToolchainAsync()
    {
        var engine = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
        // Scratch space of the test's own: nothing is written into the checkout.
        var scratch = Directory.CreateTempSubdirectory("container-tests-base-").FullName;
        var baseImage = await new BaseImageBuilder(engine, scratch).EnsureAsync("bookworm", default);
        Directory.Delete(scratch, recursive: true);
        var (image, _) = await new ToolchainImageBuilder(engine).EnsureAsync(baseImage, Path.Combine(RepositoryPaths.Root, "native", "toolchain"), default);
        return (engine, image);
    }

    private static async Task<IList<ContainerListResponse>> ContainersNamed(DockerEngine engine, string job) =>
        await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"openh264-build.job={job}"] = true } },
        });

    [Fact]
    public async Task Inputs_go_in_results_come_out_and_there_is_no_network()
    {
        var (engine, image) = await ToolchainAsync();
        using var _ = engine;
        var job = "test-io-" + Guid.NewGuid().ToString("N")[..8];
        var output = Path.Combine(_dir, "out");
        await new ContainerJob(engine).RunAsync(new ContainerJobSpec(job, image,
                ["sh", "-c", "mkdir -p out && cp in/hello.txt out/ && id -u > out/uid && (cat /sys/class/net/*/operstate 2>/dev/null; ls /sys/class/net) > out/net"],
                [Archives.TarEntrySource.Directory("in"), Archives.TarEntrySource.Bytes("in/hello.txt", "hello"u8.ToArray())],
                "/job/out"),
            output, null, default);
        Assert.Equal("hello", File.ReadAllText(Path.Combine(output, "hello.txt")));
        Assert.Equal(ContainerJob.BuildUserId.ToString(), File.ReadAllText(Path.Combine(output, "uid")).Trim());
        Assert.Equal("lo", File.ReadAllText(Path.Combine(output, "net")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Trim());
        Assert.Empty(await ContainersNamed(engine, job));
    }

    [Fact]
    public async Task A_failing_command_is_one_line_with_its_exit_code_and_the_container_is_removed()
    {
        var (engine, image) = await ToolchainAsync();
        using var _ = engine;
        var job = "test-fail-" + Guid.NewGuid().ToString("N")[..8];
        var e = await Assert.ThrowsAsync<BuildFailure>(() => new ContainerJob(engine).RunAsync(
            new ContainerJobSpec(job, image, ["sh", "-c", "echo compiler said no; exit 3"], [], "/job/out"), Path.Combine(_dir, "out"), null, default));
        Assert.Contains("exited with 3", e.Message);
        Assert.Contains("compiler said no", e.Message);
        Assert.Empty(await ContainersNamed(engine, job));
    }

    [Fact]
    public async Task A_cancelled_job_stops_and_removes_its_container()
    {
        var (engine, image) = await ToolchainAsync();
        using var _ = engine;
        var job = "test-cancel-" + Guid.NewGuid().ToString("N")[..8];
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var run = new ContainerJob(engine).RunAsync(
            new ContainerJobSpec(job, image, ["sh", "-c", "echo running; sleep 120"], [], "/job/out"), Path.Combine(_dir, "out"),
            line => { if (line.Contains("running")) started.TrySetResult(); }, cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEmpty(await ContainersNamed(engine, job));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(await ContainersNamed(engine, job));
    }

    [Fact]
    public async Task The_compile_container_has_every_limit_no_host_path_and_its_commands_no_capability()
    {
        var (engine, image) = await ToolchainAsync();
        using var _ = engine;
        var job = "test-limits-" + Guid.NewGuid().ToString("N")[..8];
        var output = Path.Combine(_dir, "out");
        var run = new ContainerJob(engine).RunAsync(new ContainerJobSpec(job, image,
            ["sh", "-c", "mkdir -p out && grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status > out/status && sleep 3"], [], "/job/out"),
            output, null, default);

        var inspected = await Compat.HostileSandboxTests.InspectWhileRunningAsync(engine, "openh264-build.job", job);
        await run;

        Compat.HostileSandboxTests.AssertLimits(inspected.HostConfig, ContainerLimits.Compile(engine.Cpus));
        Assert.Equal("json-file", inspected.HostConfig.LogConfig.Type);
        Assert.Equal("10m", inspected.HostConfig.LogConfig.Config["max-size"]);
        Assert.All(inspected.Mounts, m => Assert.NotEqual("bind", m.Type));
        Assert.Equal(["CapEff:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2"], File.ReadAllLines(Path.Combine(output, "status")));
    }

    [Theory]
    [InlineData("ln -s /etc/shadow out/shadow", "'out/shadow': it is a link to '/etc/shadow' from {job}; only a link to a file beside it is taken")]
    [InlineData("ln -s ../../etc out/up", "'out/up': it is a link to '../../etc' from {job}; only a link to a file beside it is taken")]
    [InlineData("ln -s ./libx.so.1.2 out/dot", "'out/dot': it is a link to './libx.so.1.2' from {job}; only a link to a file beside it is taken")]
    [InlineData("mkfifo out/pipe", "'out/pipe' from {job}: it is a fifo")]
    public async Task A_link_out_of_its_folder_or_a_fifo_in_the_output_is_refused_with_one_line(string plant, string refusal)
    {
        var (engine, image) = await ToolchainAsync();
        using var _ = engine;
        var job = "test-plant-" + Guid.NewGuid().ToString("N")[..8];
        var output = Path.Combine(_dir, "out");
        var e = await Assert.ThrowsAsync<BuildFailure>(() => new ContainerJob(engine).RunAsync(new ContainerJobSpec(job, image,
            ["sh", "-c", $"mkdir -p out && echo lib > out/libx.so.1.2 && ln -s libx.so.1.2 out/libx.so.1 && {plant}"], [], "/job/out"),
            output, null, default));
        Assert.StartsWith("Refused tar entry ", e.Message);
        Assert.Contains(refusal.Replace("{job}", job), e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(Directory.Exists(output) ? Directory.GetFileSystemEntries(output).Where(p => Path.GetFileName(p) is "shadow" or "up" or "pipe" or "dot") : []);
    }

    [Fact]
    public void A_host_path_is_never_handed_to_the_engine()
    {
        var e = Assert.Throws<ArgumentException>(() => IsolatedContainer.Parameters("openh264-build.job", "x", "image", ["true"], null, "/",
            new HostConfig { Mounts = [new Mount { Type = "bind", Source = "/etc", Target = "/etc" }] }, ContainerLimits.Helper));
        Assert.Contains("never a path of the build host", e.Message);
    }
}

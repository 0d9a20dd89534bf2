using OpenH264Build.Compat;
using OpenH264Build.Containers;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// The sandbox against the real engine: what code under test sees inside it (no network, no environment, a read-only
/// root, an unprivileged user, one writable folder), and that a hang or a crash there is a named verdict.
/// </summary>
[Collection("Compat")]
public sealed class SandboxTests(CompatFixture fixture)
{
    private const int Crash = 3, Hang = 5;

    [Fact]
    public async Task Code_in_the_sandbox_has_no_network_no_environment_no_root_and_one_writable_folder()
    {
        var output = Path.Combine(fixture.Root, "probe-" + Guid.NewGuid().ToString("N")[..8]);
        var input = Path.Combine(fixture.Root, "probe-input.txt");
        await File.WriteAllTextAsync(input, "read me");
        // Planted in this process for the probe's run only, then put back (a name no other test reads).
        var planted = new Processes.PlantedEnvironment(new Dictionary<string, string?> { ["SANDBOX_TEST_SECRET"] = "do-not-leak" });
        var probe = string.Join(" ; ",
            "id -u > uid", "env > env", "ls /sys/class/net > net", "cat /sandbox/in.txt > in",
            "(touch /probe && echo yes || echo no) > root-writable", "(echo x > /sandbox/in.txt && echo yes || echo no) > input-writable",
            "(touch /tmp/probe && echo yes || echo no) > tmp-writable");
        var sandbox = new SandboxContainer(await EngineAsync(), fixture.Sandbox.Image);

        SandboxOutcome outcome;
        try
        {
            outcome = await sandbox.RunAsync(new SandboxSpec("probe", ["/bin/sh", "-c", probe],
                new Dictionary<string, string> { ["/sandbox/in.txt"] = input }, output, TimeSpan.FromMinutes(1)), default);
        }
        finally { planted.Dispose(); }

        Assert.Equal(0, outcome.ExitCode);
        Assert.NotEqual("0", Read(output, "uid"));
        Assert.Equal("PWD=/sandbox/out", Read(output, "env")); // nothing inherited: only what this probe's shell exports itself
        Assert.Equal("lo", Read(output, "net")); // NetworkMode none: only a loopback of its own
        Assert.Equal("read me", Read(output, "in"));
        Assert.Equal(("no", "no", "no"), (Read(output, "root-writable"), Read(output, "input-writable"), Read(output, "tmp-writable")));
        Assert.Equal("read me", await File.ReadAllTextAsync(input));
    }

    /// <summary>
    /// A batch input (a stream under /sandbox/in) reaches the sandbox through the engine's shared input store, kept by its
    /// sha256 so that the next sandbox finds it there; the sandbox can write neither the input nor the store.
    /// </summary>
    [Fact]
    public async Task A_batch_input_is_read_from_the_shared_store_which_no_sandbox_can_write()
    {
        var output = Path.Combine(fixture.Root, "store-" + Guid.NewGuid().ToString("N")[..8]);
        var input = Path.Combine(fixture.Root, "store-input-" + Guid.NewGuid().ToString("N")[..8] + ".h264");
        await File.WriteAllTextAsync(input, "stream " + Guid.NewGuid());
        var probe = string.Join(" ; ", "cat /sandbox/in/0/stream.h264 > in",
            "(echo x > /sandbox/in/0/stream.h264 && echo yes || echo no) > input-writable",
            $"(touch {SandboxInputStore.MountPath}/files/probe && echo yes || echo no) > store-writable");
        var engine = await EngineAsync();

        var outcome = await new SandboxContainer(engine, fixture.Sandbox.Image).RunAsync(new SandboxSpec("store",
            ["/bin/sh", "-c", probe], new Dictionary<string, string> { ["/sandbox/in/0/stream.h264"] = input }, output,
            TimeSpan.FromMinutes(1)), default);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(input), Read(output, "in"));
        Assert.Equal(("no", "no"), (Read(output, "input-writable"), Read(output, "store-writable")));
        var stored = $"files/{OpenH264Build.Util.Sha256.OfFile(input)}";
        var volume = new EngineVolume(engine, SandboxInputStore.VolumeName, fixture.Sandbox.Image.Reference);
        Assert.Equal([stored], await volume.FindAsync([stored], default));
    }

    /// <summary>Stdout is the output's tar, so progress travels on stderr: to its listener, never into the failure log.</summary>
    [Fact]
    public async Task Progress_lines_on_stderr_reach_the_listener_and_the_log_keeps_only_the_real_error()
    {
        var output = Path.Combine(fixture.Root, "progress-" + Guid.NewGuid().ToString("N")[..8]);
        var script = "echo 'progress job 3' >&2; echo made > made; echo 'progress job 7'; echo 'harness: bad stream' >&2; exit 4";
        var progress = new List<string>();
        var spec = new SandboxSpec("progress", ["/bin/sh", "-c", script], new Dictionary<string, string>(), output,
            TimeSpan.FromMinutes(1)) { OnProgressLine = progress.Add };

        var outcome = await new SandboxContainer(await EngineAsync(), fixture.Sandbox.Image).RunAsync(spec, default);

        Assert.Equal(4, outcome.ExitCode);
        Assert.Equal(["progress job 3", "progress job 7"], progress);
        Assert.Equal("harness: bad stream", outcome.Log);
        Assert.Equal("made", Read(output, "made"));
    }

    [Theory]
    [InlineData(TargetArch.X86_64)]
    [InlineData(TargetArch.Aarch64)]
    public async Task A_library_that_hangs_is_stopped_by_the_time_limit_and_named_timeout(TargetArch arch)
    {
        var hanging = await fixture.ShimAsync(arch, Hang, fromFrame: 3, mbColumn: 0);
        var sandbox = new HarnessSandbox(await EngineAsync(), fixture.Sandbox.Image, TimeSpan.FromSeconds(5));
        var stream = (await new CorpusGenerator(Path.Combine(fixture.Root, "corpus"), CompatFixture.RepositoryRoot).MaterializeAsync(ShortStream))!;

        var work = Path.Combine(fixture.Root, "hang-" + arch.Name());
        var run = await SingleStreamCheck.DecodeAsync(sandbox, fixture.Harness[arch], hanging, arch, stream.StreamPath, work, [fixture.Library[arch]]);

        Assert.Equal("timeout", run.Ending);
        Assert.True(run.Crashed);
        Assert.Equal(3, run.Frames.Count);
        await AssertNoSandboxLeftAsync(work);
    }

    [Fact]
    public async Task A_cancelled_run_leaves_no_container_behind()
    {
        var arch = TargetArch.X86_64;
        var hanging = await fixture.ShimAsync(arch, Hang, fromFrame: 3, mbColumn: 0);
        var stream = (await new CorpusGenerator(Path.Combine(fixture.Root, "corpus"), CompatFixture.RepositoryRoot).MaterializeAsync(ShortStream))!;
        var work = Path.Combine(fixture.Root, "cancel");
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SingleStreamCheck.DecodeAsync(fixture.Sandbox, fixture.Harness[arch], hanging,
            arch, stream.StreamPath, work, [fixture.Library[arch]], ctrlC.Token));

        await AssertNoSandboxLeftAsync(work);
    }

    [Theory]
    [InlineData(TargetArch.X86_64)]
    [InlineData(TargetArch.Aarch64)]
    public async Task A_crash_in_the_sandbox_is_named_by_its_signal(TargetArch arch)
    {
        var crashing = await fixture.ShimAsync(arch, Crash, fromFrame: 4, mbColumn: 0);
        var stream = (await new CorpusGenerator(Path.Combine(fixture.Root, "corpus"), CompatFixture.RepositoryRoot).MaterializeAsync(ShortStream))!;

        var work = Path.Combine(fixture.Root, "crash-" + arch.Name());
        var check = await SingleStreamCheck.CheckAsync(fixture.Sandbox, arch, fixture.Harness[arch], fixture.Library[arch], crashing,
            stream.StreamPath, work, companions: [fixture.Library[arch]]);

        Assert.False(check.Passed);
        Assert.Equal(4, check.FirstDifferentFrame);
        Assert.Equal("signal 11 (SIGSEGV)", check.CandidateEnding);
        Assert.Contains("signal 11", check.Message);
        await AssertNoSandboxLeftAsync(work);
    }

    [Fact]
    public async Task One_stream_can_be_checked_up_to_a_frame()
    {
        var arch = TargetArch.X86_64;
        var broken = await fixture.ShimAsync(arch, 1, fromFrame: 12, mbColumn: 1);
        var stream = (await new CorpusGenerator(Path.Combine(fixture.Root, "corpus"), CompatFixture.RepositoryRoot).MaterializeAsync(ShortStream))!;
        var work = Path.Combine(fixture.Root, "upto");

        var before = await SingleStreamCheck.CheckAsync(fixture.Sandbox, arch, fixture.Harness[arch], fixture.Library[arch], broken,
            stream.StreamPath, work, upToFrame: 12, companions: [fixture.Library[arch]]);
        var through = await SingleStreamCheck.CheckAsync(fixture.Sandbox, arch, fixture.Harness[arch], fixture.Library[arch], broken,
            stream.StreamPath, work, upToFrame: 13, companions: [fixture.Library[arch]]);

        Assert.Equal((true, 12, 12), (before.Passed, before.BaselineFrames, before.CandidateFrames));
        Assert.Equal((false, 12), (through.Passed, through.FirstDifferentFrame));
        Assert.Equal([Plane.Y], through.Planes);
    }

    private static readonly CorpusStream ShortStream = new("sandbox-short",
        X264: new X264Recipe(new LavfiSource("testsrc2", 64, 48, 30), Profile: "baseline", Keyint: 0));

    private static string Read(string folder, string name) => File.ReadAllText(Path.Combine(folder, name)).Trim();

    private static Task<DockerEngine> EngineAsync() => DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);

    /// <summary>
    /// No container or input volume of a sandbox this test ran (named after its output folder, other runs share the
    /// engine) is left, and none of them had anything of the host mounted.
    /// </summary>
    private static async Task AssertNoSandboxLeftAsync(string workDirectory)
    {
        using var engine = await EngineAsync();
        var names = Directory.GetDirectories(workDirectory).Select(d => Path.GetFileName(d)).ToList();
        Assert.NotEmpty(names);
        var left = await engine.Client.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters { All = true });
        Assert.DoesNotContain(left, c => c.Labels.TryGetValue("openh264-build.sandbox", out var name) && names.Any(name.EndsWith));
        var volumes = await engine.Client.Volumes.ListAsync();
        Assert.DoesNotContain(volumes.Volumes ?? [], v => v.Labels is not null && v.Labels.TryGetValue(SandboxInputs.Label, out var name)
            && names.Any(name.EndsWith));
    }
}

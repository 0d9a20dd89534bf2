using Docker.DotNet.Models;
using OpenH264Build.Compat;
using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// A hostile library in the sandbox (Fixtures/broken_shim.c, modes 6 to 8): it writes 3 GiB, plants a link to a
/// root-only host file and a fifo in its output, or forks without end. Each ends with one clear line, nothing of it
/// reaches the host's disk, and the test process (the build's stand-in) goes on unaffected. The limits that only
/// refuse or slow (capabilities, no-new-privileges, seccomp, CPUs) are read from the container the run made, and
/// from inside it.
/// </summary>
[Collection("Compat")]
public sealed class HostileSandboxTests(CompatFixture fixture)
{
    private const int Flood = 6, Plant = 7, ForkBomb = 8;
    private const TargetArch Arch = TargetArch.X86_64;

    private async Task<(string Stream, string Work)> StreamAsync(string work)
    {
        var stream = (await new CorpusGenerator(Path.Combine(fixture.Root, "corpus"), CompatFixture.RepositoryRoot).MaterializeAsync(ShortStream))!;
        return (stream.StreamPath, Path.Combine(fixture.Root, work));
    }

    private Task<DecodeRun> DecodeAsync(HarnessSandbox sandbox, string shim, string stream, string work) =>
        SingleStreamCheck.DecodeAsync(sandbox, fixture.Harness[Arch], shim, Arch, stream, work, [fixture.Library[Arch]]);

    [Fact]
    public async Task A_library_that_writes_3_GiB_fails_at_the_size_cap_with_one_line_and_leaves_nothing_on_the_host()
    {
        var (stream, work) = await StreamAsync("flood");
        var shim = await fixture.ShimAsync(Arch, Flood, fromFrame: 2, mbColumn: 0);

        var e = await Assert.ThrowsAsync<BuildFailure>(() => DecodeAsync(fixture.Sandbox, shim, stream, work));

        Assert.Matches(@"^sandbox harness-x86_64-decode-\w+: its output is larger than the cap of 1024 MiB; refused$", e.Message);
        AssertNothingLargeLeft(work);
    }

    [Fact]
    public async Task A_library_that_plants_a_link_and_a_fifo_fails_with_one_line_and_nothing_is_followed()
    {
        var (stream, work) = await StreamAsync("plant");
        var shim = await fixture.ShimAsync(Arch, Plant, fromFrame: 2, mbColumn: 0);

        var e = await Assert.ThrowsAsync<BuildFailure>(() => DecodeAsync(fixture.Sandbox, shim, stream, work));

        Assert.Matches(@"^Refused tar entry '\./(shadow|pipe)' from sandbox harness-x86_64-decode-\w+: it is a (symbolic link|fifo); only regular files and folders are taken from a container$", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(work, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) is "shadow" or "pipe" || new FileInfo(p).LinkTarget is not null));
    }

    [Fact]
    public async Task A_library_that_forks_without_end_is_held_by_the_pids_limit_and_ended_by_the_time_limit()
    {
        var (stream, work) = await StreamAsync("fork");
        var shim = await fixture.ShimAsync(Arch, ForkBomb, fromFrame: 2, mbColumn: 0);
        var sandbox = new HarnessSandbox(await EngineAsync(), fixture.Sandbox.Image, TimeSpan.FromSeconds(5));

        var run = await DecodeAsync(sandbox, shim, stream, work);

        Assert.True(run.Crashed);
        Assert.Contains(run.Ending, new[] { "timeout", "signal 9 (SIGKILL)" });
        Assert.Equal(2, run.Frames.Count);
        using var host = System.Diagnostics.Process.Start("true")!; // the host still starts processes
        await host.WaitForExitAsync();
        Assert.Equal(0, host.ExitCode);
    }

    [Fact]
    public async Task The_sandbox_container_has_every_limit_and_no_host_path_and_its_program_has_no_capability()
    {
        var output = Path.Combine(fixture.Root, "limits-" + Guid.NewGuid().ToString("N")[..8]);
        var name = "limits-" + Guid.NewGuid().ToString("N")[..8];
        using var engine = await EngineAsync();
        var run = new SandboxContainer(engine, fixture.Sandbox.Image).RunAsync(new SandboxSpec(name,
            ["/bin/sh", "-c", "grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status > status; sleep 3"],
            new Dictionary<string, string>(), output, TimeSpan.FromMinutes(1)), default);

        var inspected = await InspectWhileRunningAsync(engine, "openh264-build.sandbox", name);
        var outcome = await run;

        Assert.Equal(0, outcome.ExitCode);
        AssertLimits(inspected.HostConfig, ContainerLimits.Sandbox);
        Assert.True(inspected.HostConfig.ReadonlyRootfs);
        Assert.Contains($"size={ContainerLimits.SandboxOutputBytes + (16 << 20)},", inspected.HostConfig.Tmpfs[SandboxContainer.OutputPath]);
        Assert.Equal("none", inspected.HostConfig.LogConfig.Type);
        Assert.All(inspected.Mounts, m => Assert.NotEqual("bind", m.Type));
        Assert.Equal(["CapEff:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2"], File.ReadAllLines(Path.Combine(output, "status")));
    }

    /// <summary>The limits every container that runs code from the patched tree carries, as the engine reports them.</summary>
    internal static void AssertLimits(HostConfig host, ContainerLimits limits)
    {
        Assert.Equal(["ALL"], host.CapDrop);
        Assert.Contains("no-new-privileges", host.SecurityOpt);
        Assert.DoesNotContain(host.SecurityOpt, o => o.StartsWith("seccomp", StringComparison.Ordinal)); // the engine's default profile
        Assert.False(host.Privileged);
        Assert.Equal("none", host.NetworkMode);
        Assert.Equal((long)(limits.Cpus * 1e9), host.NanoCPUs);
        Assert.Equal(limits.MemoryBytes, host.Memory);
        Assert.Equal(limits.MaxProcesses, host.PidsLimit);
        Assert.Contains(host.Ulimits, u => u.Name == "fsize" && u.Hard == limits.MaxFileBytes && u.Soft == limits.MaxFileBytes);
        Assert.NotNull(host.LogConfig);
    }

    /// <summary>The container labelled with this job, inspected while it runs (polled: it lives for seconds).</summary>
    internal static async Task<ContainerInspectResponse> InspectWhileRunningAsync(DockerEngine engine, string label, string name)
    {
        for (var i = 0; i < 600; i++)
        {
            var found = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={name}"] = true } },
            });
            if (found.Count > 0) return await engine.Client.Containers.InspectContainerAsync(found[0].ID);
            await Task.Delay(100);
        }
        throw new TimeoutException($"no container {label}={name} appeared");
    }

    private static void AssertNothingLargeLeft(string work) =>
        Assert.Empty(Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).Length > (1 << 20)));

    private static readonly CorpusStream ShortStream = new("hostile-short",
        X264: new X264Recipe(new LavfiSource("testsrc2", 64, 48, 30), Profile: "baseline", Keyint: 0));

    private static Task<DockerEngine> EngineAsync() => DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
}

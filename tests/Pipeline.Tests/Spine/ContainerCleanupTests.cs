using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.EventStream;
using Docker.DotNet.Models;
using OpenH264Build.Containers;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// Every way a run ends stops its containers: Ctrl-C (SIGINT) and SIGTERM (timeout, systemd, a cancelled CI job) sent
/// to ./build.sh during a compile cancel the run, remove the compile container and leave the dist as it was; what a kill -9 left, labelled with the checkout, the next run of
/// that checkout removes, and a container labelled with another checkout is left alone.
/// </summary>
[Collection("Pipeline")]
public sealed class ContainerCleanupTests() : PipelineTreeTest("container-cleanup")
{
    private static Dictionary<string, IDictionary<string, bool>> LabelFilter(string label, string value) =>
        new() { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } };

    private static async Task<IList<ContainerListResponse>> OfCheckout(DockerEngine engine, string root) =>
        await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true, Filters = LabelFilter(ContainerLabels.Checkout, ContainerLabels.CheckoutDigest(root)),
        });

    private static Task<DockerEngine> EngineAsync() => DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);

    [Theory]
    [InlineData("TERM", 143, "SIGTERM")]
    [InlineData("INT", 130, "Ctrl-C")]
    public async Task Sigterm_or_ctrl_c_during_a_compile_exits_143_or_130_leaves_no_container_and_the_dist_as_it_was(
        string signal, int exit, string name)
    {
        using var engine = await EngineAsync();
        // A compile of a one-file patch leaves a finished build tree for the next compile of the same layout.
        var plain = BuildScript.SeriesWith(Path.Combine(Scratch, "plain"), "0098-touch.patch", BuildScript.TouchOneSource(Guid.NewGuid().ToString("N")));
        var before = await Tree.BuildAsync("Compile", "--arch", "x86_64", "--patches", plain);
        Assert.True(before.ExitCode == 0, before.StandardOutput + before.StandardError);
        var previous = Tree.PlacePreviousDist();
        // A patch different on every run, so Compile is never a stage-cache hit and its container really runs.
        var patches = BuildScript.SeriesWith(Path.Combine(Scratch, "patches"), "0098-touch.patch", TouchOneFile(Guid.NewGuid().ToString("N")));
        var output = new StringBuilder();
        var run = InterruptibleCommand.Of(Tree.Command(["Compile", "--arch", "x86_64", "--patches", patches]))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(l => { lock (output) output.AppendLine(l); }))
            .ExecuteAsync();

        var clock = Stopwatch.StartNew();
        while (!run.Task.IsCompleted && clock.Elapsed < TimeSpan.FromMinutes(15)
               && !(await OfCheckout(engine, Tree.Root)).Any(c => c.State == "running"))
            await Task.Delay(200);
        Assert.False(run.Task.IsCompleted, $"the run ended before its compile container ran: {output}");
        var compiling = (await OfCheckout(engine, Tree.Root)).Single(c => c.State == "running");
        Assert.Equal("openh264-build.job", compiling.Labels.Keys.Single(k => k.StartsWith("openh264-build.")));

        await Cli.Wrap("kill").WithArguments([$"-{signal}", run.ProcessId.ToString()]).ExecuteAsync();
        var result = await run;

        Assert.True(result.ExitCode == exit, $"exit {result.ExitCode}: {output}");
        Assert.Contains($"Cancelling ({name})", output.ToString());
        Assert.Empty(await OfCheckout(engine, Tree.Root));
        Assert.Equal(previous, TestTree.Digests(Tree.Dist));

        // The interrupted compile was replacing the build tree (its Makefile changed): the next compile of the earlier
        // layout must not take what it left for a finished tree. (The signal lands inside the old tree's removal only
        // sometimes, so this does not pin the order of that removal: see tests/mutations/mutations.tsv.)
        File.WriteAllText(Path.Combine(plain, "0098-touch.patch"), BuildScript.TouchOneSource(Guid.NewGuid().ToString("N")));
        var after = await Tree.BuildAsync("Compile", "--arch", "x86_64", "--patches", plain);
        Assert.True(after.ExitCode == 0, after.StandardOutput + after.StandardError);
    }


    [Fact]
    public async Task The_next_run_removes_what_a_killed_run_of_its_checkout_left_and_not_another_checkouts_container()
    {
        using var engine = await EngineAsync();
        var image = (await engine.Client.Images.ListImagesAsync(new ImagesListParameters()))
            .SelectMany(i => i.RepoTags ?? []).First(t => t.StartsWith(ImageNames.BaseRepository + ":"));
        var leftover = await StartSleeper(engine, image, ContainerLabels.CheckoutDigest(Tree.Root));
        var others = await StartSleeper(engine, image, ContainerLabels.CheckoutDigest(Path.Combine(Scratch, "another-checkout")));
        try
        {
            var run = await Tree.BuildAsync("Fetch");
            Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
            Assert.Contains($"Removing container {leftover[..12]} left by an earlier run of this checkout", run.StandardOutput);
            var remaining = (await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
                .Select(c => c.ID).ToList();
            Assert.DoesNotContain(leftover, remaining);
            Assert.Contains(others, remaining);
        }
        finally
        {
            foreach (var id in new[] { leftover, others })
                try { await engine.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }); }
                catch (Docker.DotNet.DockerContainerNotFoundException) { }
        }
    }

    /// <summary>A running container labelled as a run of the given checkout would label its compile (a kill -9 leaves it so).</summary>
    private static async Task<string> StartSleeper(DockerEngine engine, string image, string checkout)
    {
        var created = await engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image, Cmd = ["sleep", "600"], NetworkDisabled = true,
            Name = "cleanup-test-" + Guid.NewGuid().ToString("N")[..12],
            Labels = new Dictionary<string, string> { [ContainerLabels.Checkout] = checkout, [ContainerLabels.Run] = "killed-run" },
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await engine.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    // The Makefile's pause keeps the compile container running for 30 s whatever ccache holds, so the signal lands
    // while it runs even when this test's process is slow to see it start (a warm compile alone lasts about 5 s).
    private static string TouchOneFile(string marker) => $$"""
        Description: Touch one source file, and make the compile last
        Author: Test <test@example.org>
        Origin: other
        Forwarded: not-needed
        Last-Update: 2026-01-01
        ---
        --- a/Makefile
        +++ b/Makefile
        @@ -1,2 +1,3 @@
         SRC_PATH=$(word 1, $(dir $(MAKEFILE_LIST)))
        +$(shell sleep 30)
         vpath %.c $(SRC_PATH)
        --- a/codec/decoder/plus/src/welsDecoderExt.cpp
        +++ b/codec/decoder/plus/src/welsDecoderExt.cpp
        @@ -1,2 +1,3 @@
        +static const char kTestMarker[] __attribute__((unused)) = "{{marker}}";
         /*!
          * \copy

        """;
}

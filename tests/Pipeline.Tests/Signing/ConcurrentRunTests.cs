using OpenH264Build.Formats;
using OpenH264Build.Pipeline;
using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using CliWrap.EventStream;
using OpenH264Build.Dist;
using OpenH264Build.Packaging;
using OpenH264Build.Signing;
using OpenH264Build.Tests.Ci;
using OpenH264Build.Tests.Publishing;

namespace OpenH264Build.Tests.Signing;

/// <summary>One run at a time on a checkout, and a run killed at any moment leaves a complete dist that verifies.</summary>
public class ConcurrentRunTests
{
    [Fact]
    public async Task A_second_run_stops_with_one_line_naming_the_pid_of_the_run_that_holds_the_checkout()
    {
        using var fixture = await PublishFixture.Create();
        string[] verify = ["Verify", "--dist", fixture.Dist, "--public-key", fixture.ReleasePublicKey];
        var before = Directory.GetFiles(fixture.Dist).ToDictionary(Path.GetFileName, Util.Sha256.OfFile);

        using (ArtifactsLock.Acquire(Path.Combine(fixture.Root, "artifacts")))
        {
            var refused = await BuildProcess.RunAsync(fixture.Root, verify);
            Assert.NotEqual(0, refused.ExitCode);
            var line = Assert.Single(refused.StandardOutput.Split('\n'), l => l.Contains("Verify failed:"));
            Assert.Contains($"another ./build.sh run (pid {Environment.ProcessId}, started ", line);
            Assert.Contains("is using artifacts/ of this checkout", line);
        }
        Assert.Equal(before, Directory.GetFiles(fixture.Dist).ToDictionary(Path.GetFileName, Util.Sha256.OfFile));

        var after = await BuildProcess.RunAsync(fixture.Root, verify);
        Assert.True(after.ExitCode == 0, after.StandardOutput + after.StandardError);
    }

    [Fact]
    public async Task Two_runs_started_together_do_not_interleave_the_second_stops_naming_the_first()
    {
        using var fixture = await PublishFixture.Create();
        // A large (sparse) release file keeps the first run's Verify reading for several seconds.
        using (var big = File.Create(Path.Combine(fixture.Dist, "openh264-2.3.1-1-corpus.bin"))) big.SetLength(2L << 30);
        await fixture.Sign();
        string[] verify = ["Verify", "--dist", fixture.Dist, "--public-key", fixture.ReleasePublicKey];

        var firstOutput = new StringBuilder();
        var started = new TaskCompletionSource<int>();
        var first = BuildProcess.Command(fixture.Root, null, verify)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                lock (firstOutput) firstOutput.AppendLine(line);
                if (line.Contains("» Verify")) started.TrySetResult(0);
            }))
            .ExecuteAsync();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(5));

        var second = await BuildProcess.RunAsync(fixture.Root, verify);
        var firstResult = await first;
        Assert.True(firstResult.ExitCode == 0, firstOutput.ToString());
        Assert.NotEqual(0, second.ExitCode);
        var line = Assert.Single(second.StandardOutput.Split('\n'), l => l.Contains("Verify failed:"));
        Assert.Contains($"another ./build.sh run (pid {first.ProcessId}, started ", line);
        Assert.DoesNotContain("Verified", second.StandardOutput);
    }
}

/// <summary>
/// The real pipeline in a copy of the working tree (<see cref="Spine.TestTree"/>: uncommitted changes included, the
/// content-addressed caches shared, no verdict), killed with SIGKILL while it signs.
/// </summary>
[Collection("Pipeline")]
public sealed class KilledRunTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private Spine.TestTree? _tree;
    private string Clone => _tree!.Root;
    private string Dist => _tree!.Dist;

    public void Dispose()
    {
        _tree?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_run_killed_during_Sign_leaves_the_last_complete_dist_that_verifies()
    {
        _tree = await Spine.TestTree.CreateAsync();

        // The last complete dist, as an earlier good run left it.
        using var complete = await PublishFixture.Create(developmentKey: true);
        foreach (var arch in PublishFixture.Arches)
            await File.WriteAllTextAsync(Path.Combine(complete.Dist, PublishFixture.PackageName(arch).Replace(".tar.gz", ".abi.xml")), "<abi-corpus/>");
        await complete.Sign();
        Directory.CreateDirectory(Dist);
        foreach (var file in Directory.GetFiles(complete.Dist)) File.Copy(file, Path.Combine(Dist, Path.GetFileName(file)));
        var before = Directory.GetFiles(Dist).ToDictionary(Path.GetFileName, Util.Sha256.OfFile);

        // A password-protected key: scrypt at minisign's cost keeps Sign busy for seconds, the moment it is killed in.
        var key = _dir.File("release.key");
        await StockMinisign.GenerateKey(_dir.Path, _dir.File("release.pub"), key, "kill me 9");
        using var killed = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var output = new StringBuilder();
        int? pid = null;
        var environment = new Dictionary<string, string?> { ["OPENH264_SIGNING_KEY"] = File.ReadAllText(key), ["OPENH264_SIGNING_KEY_PASSWORD"] = "kill me 9" };
        await foreach (var e in BuildProcess.Command(Clone, environment, "Sign").ListenAsync(killed.Token))
        {
            if (e is StartedCommandEvent started) pid = started.ProcessId;
            if (e is not StandardOutputCommandEvent { Text: var text }) continue;
            output.AppendLine(text);
            if (!text.Contains("» Sign")) continue;
            Process.GetProcessById(pid!.Value).Kill(); // SIGKILL: no handler, no cleanup
            break;
        }
        Assert.Contains("» Sign", output.ToString());

        Assert.Equal(before, Directory.GetFiles(Dist).ToDictionary(Path.GetFileName, Util.Sha256.OfFile));
        Assert.Null(DistCompleteness.WhyIncomplete(Dist));
        new DistVerifier().Verify(Dist, MinisignPublicKey.Load(Path.Combine(Dist, ReleaseSigner.PublicKeyFileName)), new DistExpectations { AllowDevelopment = true });

        // The next run is not blocked by the killed one: the kernel dropped its lock with the process.
        var next = await BuildProcess.RunAsync(Clone, "Verify", "--dist", Dist, "--public-key", Path.Combine(Dist, ReleaseSigner.PublicKeyFileName), "--allow-development");
        Assert.True(next.ExitCode == 0, next.StandardOutput + next.StandardError);
    }

    private static async Task Run(string directory, string tool, params string[] arguments)
    {
        var result = await Cli.Wrap(tool).WithArguments(arguments).WithWorkingDirectory(directory)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, $"{tool}: {result.StandardError}");
    }
}

using System.Text.Json;
using CliWrap.Buffered;
using OpenH264Build.Compat;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// Issue 26 end to end: a real patch that shifts aarch64 luma by one macroblock column from frame 180 on fails
/// ./build.sh Compat --arch aarch64 and leaves a reproducer bundle; the bundle, alone in a fresh container of the base
/// image with only the packages its README names and no network, reproduces the bug (exit 1, frame 180, plane Y) and
/// not with the baseline (exit 0); ReportUpstream --dry-run shows the issue with the bundle's link. And the fleet's CPU
/// model: a patch that runs one Armv8.2 instruction at decoder creation fails aarch64 and passes x86_64. The drift's
/// run is the series of <see cref="Bisection.DriftSeriesRun"/> (the drifting patch between two harmless ones), shared
/// with the guilty-patch test: this test only reads its bundle and reports.
/// </summary>
[Collection("Pipeline")]
public sealed class ReproBundlePipelineTests(Bisection.DriftSeriesRun drift) : Spine.PipelineTreeTest("repro-bundle")
{
    private const string Stream = "cb-cavlc-long-single-idr";
    private const string Drift = Bisection.DriftSeriesRun.Drift;

    [Fact]
    public async Task A_luma_drift_leaves_a_bundle_that_reproduces_it_on_a_plain_machine_and_is_forwarded_with_its_link()
    {
        var (exitCode, output) = await drift.RunAsync();
        Assert.True(exitCode != 0, output);
        var reports = drift.Tree.Reports;
        var bundle = Path.Combine(reports, "repro", $"aarch64-{Stream}");
        Assert.Contains($"artifacts/reports/repro/aarch64-{Stream}/reproduce.sh", output);
        AssertLinkedFromTheReports(reports, bundle);
        AssertIssueText(bundle);

        var packages = ReproRunner.PackagesNamedBy(await File.ReadAllTextAsync(Path.Combine(bundle, "README.md")));
        await using (var machine = await ReproRunner.StartAsync(packages))
        {
            var result = await machine.RunAsync(bundle, string.Join("; ",
                ReproRunner.Exit("./reproduce.sh", "candidate"),
                ReproRunner.Exit("./reproduce.sh --library lib/baseline/libopenh264.so.7", "baseline"),
                ReproRunner.Exit("./reproduce.sh --library /no/such/libopenh264.so.7", "bad-path")));
            Assert.Contains("BUG: first differing frame 180, plane Y, macroblock column 3 (row 0) of plane Y", result);
            Assert.Contains("candidate exit=1", result);
            Assert.Contains("All 960 pictures equal the expected ones", result);
            Assert.Contains("baseline exit=0", result);
            Assert.Contains("bad-path exit=2", result);
        }
        await using (var bare = await ReproRunner.StartAsync([]))
        {
            var result = await bare.RunAsync(bundle, ReproRunner.Exit("./reproduce.sh", "bare"));
            Assert.Contains("missing tools; install them with: sudo apt-get install gcc", result);
            Assert.Contains("bare exit=2", result);
        }

        var forward = await drift.Tree.BuildAsync("ReportUpstream", "--repro", bundle, "--dry-run",
            "--repository", "acme/openh264-patched");
        var said = forward.StandardOutput + forward.StandardError;
        Assert.True(forward.ExitCode == 0, said);
        Assert.Contains("[dry-run] would open an issue in cisco/openh264 titled " +
                        "\"libopenh264 on aarch64 (Cortex-A72): decoded pictures differ from frame 180, plane Y", said);
        var download = $@"https://github\.com/acme/openh264-patched/releases/download/repro-aarch64-{Stream}-[0-9a-f]{{12}}";
        Assert.Matches($@"\[aarch64-{Stream}\.tar\.gz\]\({download}/aarch64-{Stream}\.tar\.gz\)", said);
        Assert.Contains("would create pre-release repro-aarch64-", said);
    }

    [Fact]
    public async Task An_Armv8_2_instruction_at_decoder_creation_fails_aarch64_on_the_Cortex_A72_and_passes_x86_64()
    {
        var run = await CompatWithAsync("9005-test-aarch64-armv8.2-instruction-at-decoder-creation.patch");
        var output = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode != 0, output);
        var failure = output.Split('\n').Single(l => l.Contains("Compat failed:"));
        Assert.Contains("illegal instruction on the Cortex-A72", failure);
        Assert.Contains("aarch64", failure);
        Assert.DoesNotContain("x86_64", failure);
        Assert.Equal("pass", Report(Reports, "x86_64").Verdict);
        var aarch64 = Report(Reports, "aarch64");
        Assert.Equal("fail", aarch64.Verdict);
        Assert.All(aarch64.Streams.Where(s => s.Kind == "decode"), s => Assert.Contains("SIGILL", s.CandidateEnding));
    }

    private static void AssertLinkedFromTheReports(string reports, string bundle)
    {
        foreach (var file in new[]
                 {
                     "reproduce.sh", "README.md", "ISSUE.md", "SHA256SUMS", "expected-digests.txt", "harness/h264harness.c",
                     "include/codec_api.h", "lib/baseline/libopenh264.so.7", "lib/candidate/libopenh264.so.7",
                     $"stream/{Stream}.h264",
                 })
            Assert.True(File.Exists(Path.Combine(bundle, file)), $"the bundle has no {file}");
        var failed = Report(reports, "aarch64").Streams.Single(s => s.Stream == Stream && s.Kind == "decode");
        Assert.Equal($"repro/aarch64-{Stream}", failed.Reproducer);
        var markdown = File.ReadAllText(Path.Combine(reports, "compat-aarch64.md"));
        Assert.Contains($"({failed.Reproducer}/README.md)", markdown);
        // The expected pictures of an oracle stream are FFmpeg's own decode.
        Assert.Contains("FFmpeg's independent decode", File.ReadAllText(Path.Combine(bundle, "README.md")));
    }

    private static void AssertIssueText(string bundle)
    {
        var issue = File.ReadAllText(Path.Combine(bundle, "ISSUE.md"));
        Assert.StartsWith("# libopenh264 on aarch64 (Cortex-A72): decoded pictures differ from frame 180, plane Y",
            issue);
        Assert.Contains("./reproduce.sh", issue);
        Assert.Contains("First differing frame 180, plane Y, first at macroblock column 3 (row 0)", issue);
        Assert.Matches(@"!\[[^\]]+\]\(images/[^)]+-180-candidate\.png\)", issue);
        Assert.Contains(Drift, issue[issue.IndexOf("## Guilty patch", StringComparison.Ordinal)..]);
    }

    private async Task<BufferedCommandResult> CompatWithAsync(string fixture, params string[] more)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Compat", "Fixtures", fixture));
        var patches = Spine.BuildScript.SeriesWith(Path.Combine(Scratch, "patches"), fixture, text);
        var run = await Tree.BuildAsync(["Compat", "--compat-quick", "--patches", patches, .. more]);
        Assert.DoesNotContain(OpenH264Build.Caching.VerdictCache.ReusedPhrase, run.StandardOutput);
        return run;
    }

    private static CompatReport Report(string reports, string arch) =>
        JsonSerializer.Deserialize<CompatReport>(
            File.ReadAllText(Path.Combine(reports, $"compat-{arch}.json")), CorpusManifest.Json)!;
}

using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Compat;
using OpenH264Build.Tests.Ci;
using OpenH264Build.Tests.Reporting;
using SkiaSharp;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// Compat end to end with real source patches, through ./build.sh as a user runs it: the project's series plus one
/// fixture patch (Fixtures/9001-*: on aarch64 only, a luma shift of macroblock column 3 from picture 180 on;
/// Fixtures/9002-*: a comment), compiled for both arches, the corpus decoded with the unpatched upstream build and
/// the candidate, aarch64 under qemu. No shim: the damage is in the compiled decoder.
/// </summary>
[Collection("Pipeline")]
public sealed class RealPatchCompatTests(HeadlessChromium chromium) : Spine.PipelineTreeTest("real-patch-compat"),
    IClassFixture<HeadlessChromium>
{
    private const string LongStream = "cb-cavlc-long-single-idr"; // 176x144, 960 pictures, one IDR (native/compat/corpus.json)
    [Fact]
    public async Task A_real_patch_that_shifts_luma_on_aarch64_from_frame_180_fails_aarch64_naming_stream_frame_plane_and_macroblock()
    {
        // A release manager's previous dist: a run that fails after Package has staged a new one must leave it as it was.
        var previous = Tree.PlacePreviousDist();

        var run = await CompatWithAsync("9001-test-aarch64-luma-drift-from-frame-180.patch",
            "Package", "Compat", "Report");
        var output = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode != 0, output);
        Assert.Contains("» Package", output); // the failure came after Package had staged a new dist
        Assert.Equal(previous, Spine.TestTree.Digests(Tree.Dist));

        // The failure itself names the arch, the stream, the frame, the plane and the macroblock; x86_64 is not in it.
        var failure = output.Split('\n').Single(l => l.Contains("Compat failed:"));
        Assert.Contains($"on aarch64: {LongStream} (decode): differs from baseline from frame 180, plane Y, first at macroblock row 0 column 3", failure);
        Assert.DoesNotContain("x86_64", failure);

        var x86 = ReadReport("x86_64");
        Assert.Equal("pass", x86.Verdict);
        Assert.All(x86.Streams, s => Assert.Equal("pass", s.Verdict));
        Assert.Equal("equal", x86.Streams.Single(s => s.Stream == LongStream).OracleVerdict);
        Assert.Contains("9001-test-aarch64-luma-drift-from-frame-180.patch", x86.Candidate);

        var aarch64 = ReadReport("aarch64");
        Assert.Equal("fail", aarch64.Verdict);
        Assert.Contains("unpatched upstream", aarch64.Baseline);
        Assert.Contains("9001-test-aarch64-luma-drift-from-frame-180.patch", aarch64.Candidate);
        // Only the long stream reaches picture 180; the encoder is untouched.
        Assert.All(aarch64.Streams.Where(s => s.Stream != LongStream), s => Assert.Equal("pass", s.Verdict));
        var failed = aarch64.Streams.Single(s => s.Stream == LongStream && s.Kind == "decode");
        Assert.Equal("fail", failed.Verdict);
        Assert.False(failed.CandidateCrashed);
        Assert.Equal((960, 960), (failed.BaselineFrames, failed.CandidateFrames));
        var d = failed.Difference!;
        Assert.Equal(("baseline", 180, "Y", 0, 3), (d.Against, d.FirstFrame, d.FirstPlane, d.MacroblockRow!.Value, d.MacroblockColumn!.Value));
        Assert.Equal(["Y"], d.Planes);
        Assert.Equal((9, 99), (d.DifferentMacroblocks!.Value, d.MacroblocksPerFrame!.Value)); // the whole column of a 11x9 picture
        Assert.Equal("grows", d.Trend); // the shifted column is a reference: the damage spreads
        Assert.Equal(959, d.LastFrame);
        Assert.NotEqual("inf", d.PsnrFirst!.Y);
        Assert.Equal(("inf", "inf"), (d.PsnrFirst.U, d.PsnrFirst.V));
        Assert.Equal(("inf", "inf"), (d.PsnrLast!.U, d.PsnrLast.V));
        Assert.Equal(180, d.OverTime![0].Frame);
        Assert.Equal(959, d.OverTime[^1].Frame);

        // The pictures of frame 180: baseline and candidate differ only in macroblock column 3, as the heat map shows.
        using var baseline = Png(d.Images!.Baseline);
        using var candidate = Png(d.Images.Candidate);
        using var heat = Png(d.Images.HeatMap);
        Assert.Equal((176, 144), (heat.Width, heat.Height));
        var differing = new List<int>();
        for (var y = 0; y < 144; y++)
        for (var x = 0; x < 176; x++)
        {
            if (baseline.GetPixel(x, y) != candidate.GetPixel(x, y)) Assert.InRange(x, 48, 63);
            if (heat.GetPixel(x, y).Red == 255) differing.Add(x);
        }
        Assert.NotEmpty(differing);
        Assert.All(differing, x => Assert.InRange(x, 48, 63));

        var markdown = File.ReadAllText(Path.Combine(Reports, "compat-aarch64.md"));
        Assert.Contains("## Compatibility aarch64: FAIL", markdown);
        Assert.Contains($"### {LongStream}: differs from baseline from frame 180, plane Y", markdown);
        Assert.Contains("- first differing macroblock: row 0, column 3", markdown);
        Assert.Contains("9 of 99; over the following frames it grows", markdown);
        foreach (var png in new[] { d.Images.Baseline, d.Images.Candidate, d.Images.HeatMap }) Assert.Contains($"]({png})", markdown);
        Assert.Contains("## Compatibility x86_64: pass", File.ReadAllText(Path.Combine(Reports, "compat-x86_64.md")));
        await AssertThePageDecidesAsync();
    }

    /// <summary>
    /// The page the failed run's report writer left, in chromium: a red decision that names the failure, and the log.
    /// </summary>
    private async Task AssertThePageDecidesAsync()
    {
        var (page, decision) = await WrittenReportPage.OpenAsync(chromium.Browser, Reports);
        Assert.StartsWith("Release 2.3.1-dev.", decision);
        Assert.Contains($"aarch64 Compat failed ({LongStream}, frame 180, plane Y, guilty patch 9001-", decision);
        Assert.DoesNotContain("x86_64 Compat failed", decision);
        await WrittenReportPage.AssertIconAsync(page, WrittenReportPage.Red);
        await WrittenReportPage.AssertLogLinkOpensAsync(page, Reports, "Compat failed:");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_visible_passes_Compat_on_both_arches()
    {
        var run = await CompatWithAsync("9002-test-comment-only.patch", "Compat");
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        foreach (var arch in new[] { "x86_64", "aarch64" })
        {
            var report = ReadReport(arch);
            Assert.Equal("pass", report.Verdict);
            Assert.All(report.Streams, s => Assert.Equal("pass", s.Verdict));
            Assert.Equal(1290, report.Streams.Where(s => s.Kind == "decode").Sum(s => s.CandidateFrames));
            Assert.Contains("9002-test-comment-only.patch", report.Candidate);
            Assert.False(Directory.Exists(Path.Combine(Reports, $"compat-{arch}")) &&
                         Directory.EnumerateFiles(Path.Combine(Reports, $"compat-{arch}")).Any(), $"pictures of a difference left for {arch}");
        }
    }

    /// <summary>./build.sh Compat with a copy of the project's series plus one fixture patch, as a user tries a patch.</summary>
    private async Task<BufferedCommandResult> CompatWithAsync(string fixture, params string[] targets)
    {
        var patches = Spine.BuildScript.SeriesWith(Path.Combine(Scratch, "patches"), fixture,
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Compat", "Fixtures", fixture)));

        // The tree is new: no report of an earlier run and no cached verdict can pass for this one's.
        Assert.False(Directory.Exists(Reports), "the test tree already has reports");
        // Not about the soak (SoakCompatTests is): the quick loop keeps the suite's time down.
        var run = await Tree.BuildAsync([.. targets, "--compat-quick", "--patches", patches]);
        Assert.DoesNotContain(OpenH264Build.Caching.VerdictCache.ReusedPhrase, run.StandardOutput);
        return run;
    }

    private CompatReport ReadReport(string arch) =>
        JsonSerializer.Deserialize<CompatReport>(File.ReadAllText(Path.Combine(Reports, $"compat-{arch}.json")), CorpusManifest.Json)!;

    private SKBitmap Png(string relative)
    {
        var path = Path.Combine(Reports, relative);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path)[..4]);
        return SKBitmap.Decode(path);
    }
}

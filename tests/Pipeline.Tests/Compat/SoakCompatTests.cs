using System.Text.RegularExpressions;
using System.Diagnostics;
using System.Text;
using CliWrap;
using OpenH264Build.Compat;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// The soak end to end, through a piped ./build.sh as a user runs it: a real patch (Fixtures/9003-*) that shifts the
/// aarch64 luma by one macroblock column only after 65,536 decoded pictures, the moment a 16-bit counter wraps. The
/// 960-picture corpus cannot see it; the soak streams (70,000 pictures each, decoded in full on both arches, in one
/// run) must, and name it on aarch64 alone. The same run is the real run of the progress meter and the report page:
/// Compat shows a progress line every 10 s (±2 s) with frames decoded, a rate and an ETA, and is never silent for
/// more than 12 s; the page the real report writer wrote opens in chromium with its decision line as its title and a
/// log link that opens the run's own (copied) log. One run for both, since each decodes the soak under qemu afresh.
/// </summary>
[Collection("Pipeline")]
public sealed class SoakCompatTests(Reporting.HeadlessChromium chromium) : Spine.PipelineTreeTest("soak-compat"),
    IClassFixture<Reporting.HeadlessChromium>
{
    private const string Fixture = "9003-test-aarch64-luma-drift-after-65536-frames.patch";
    private const string Unique = "9004-test-a-library-no-run-has-decoded.patch";

    // A string no earlier run compiled in: the candidate's sha256 is new, so the decode cache (keyed by it) holds
    // nothing for it, and the drift must be found by decoding all 140,000 soak pictures in this run.
    private readonly string marker = Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_drift_after_65536_pictures_fails_aarch64_naming_stream_frame_and_luma_with_progress_every_10_s_and_a_page_that_decides()
    {
        // Both arches in one run, as a user runs Compat: their decodes share the cores, and each writes its own report.
        var (exit, lines) = await CompatAndReportAsync();
        var output = string.Join("\n", lines.Select(l => l.Line));
        Assert.True(exit != 0, output);
        AssertTheDriftIsNamed(output);
        AssertProgressEvery10Seconds(lines, output);
        await AssertThePageDecidesAndLinksItsLogAsync();
    }

    private void AssertTheDriftIsNamed(string output)
    {
        Assert.Matches(@"Compat aarch64: baseline: [^;]*; candidate: \d+ streams decoded \(", output);
        Assert.Matches(@"Compat x86_64: baseline: [^;]*; candidate: \d+ streams decoded \(", output);
        var failure = output.Split('\n').Single(l => l.Contains("Compat failed:"));
        var named = Regex.Match(failure, @"on aarch64: (soak-[a-z0-9-]+) \(decode\): differs from baseline from frame (\d+), plane Y, first at macroblock row \d+ column 1");
        Assert.True(named.Success, failure);
        Assert.InRange(int.Parse(named.Groups[2].Value), 65_536, 69_999);
        Assert.DoesNotContain("x86_64", failure);

        var aarch64 = ReadReport("aarch64");
        Assert.Equal("fail", aarch64.Verdict);
        Assert.All(aarch64.Streams.Where(s => !s.Soak), s => Assert.Equal("pass", s.Verdict)); // 960 pictures are not enough
        var soaked = aarch64.Streams.Where(s => s.Soak).ToList();
        Assert.True(soaked.Count >= 2);
        foreach (var stream in soaked)
        {
            Assert.Equal("fail", stream.Verdict);
            Assert.True(stream.CandidateFrames >= 70_000);
            var d = stream.Difference!;
            Assert.Equal(("baseline", "Y", 1), (d.Against, d.FirstPlane, d.MacroblockColumn!.Value));
            Assert.InRange(d.FirstFrame, 65_536, 65_536 + 1); // the first shifted picture, or the next one if it was repaired by chance
            Assert.Equal(["Y"], d.Planes);
            Assert.NotNull(d.Trend);
        }
        Assert.True(aarch64.Soak!.Included);
        Assert.True(aarch64.Soak.Frames >= 140_000);
        Assert.Equal(64, aarch64.CandidateSha256!.Length);
        var markdown = File.ReadAllText(Path.Combine(Reports, "compat-aarch64.md"));
        Assert.Contains($"frames = ", markdown);
        Assert.Contains(aarch64.CandidateSha256, markdown);

        var x86 = ReadReport("x86_64");
        Assert.Equal("pass", x86.Verdict);
        Assert.True(x86.Soak!.Included);
        Assert.True(x86.Soak.Frames >= 140_000);
        Assert.NotEqual(aarch64.CandidateSha256, x86.CandidateSha256);
        Assert.All(x86.Streams, s => Assert.Equal("pass", s.Verdict));
        Assert.Contains(x86.Streams, s => s.Soak && s.CandidateFrames >= 70_000 && s.OracleVerdict == "equal");
    }

    /// <summary>
    /// From Compat's start to its failure line: aarch64's soak decodes under qemu for a minute or more, long enough for
    /// several meter lines. The page is written when the run ends, Report having been skipped after the failure.
    /// </summary>
    private static void AssertProgressEvery10Seconds(List<(double At, string Line)> lines, string output)
    {
        var start = lines.FindIndex(l => l.Line.Contains("» Compat"));
        var end = lines.FindIndex(l => l.Line.Contains("Compat failed:"));
        Assert.True(start >= 0 && end > start, output);
        var during = lines.Skip(start).Take(end - start + 1).ToList();
        var gaps = during.Zip(during.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.True(gaps.Max() <= 12, $"silent for {gaps.Max():0.0} s during Compat:\n{output}");
        // Every line of aarch64's meter, "preparing" ones included: on a machine that has not made the soak streams
        // yet, the first minute of Compat goes into making them, and the meter says so every 10 s.
        var meter = during.Where(l => l.Line.Contains("Compat [aarch64]:")).ToList();
        // The first line 10 s into Compat, then one every 10 s.
        Assert.True(meter.Count >= 2, output);
        Assert.InRange(meter[0].At - during[0].At, 8, 12);
        foreach (var (a, b) in meter.Zip(meter.Skip(1))) Assert.InRange(b.At - a.At, 8, 12);
        Assert.Contains(meter, l => l.Line.Contains("ETA") && l.Line.Contains("frames/s") && !l.Line.Contains(": 0 of"));
        Assert.Contains(lines, l => l.Line.StartsWith("report: artifacts/reports/index.html"));
    }

    private async Task AssertThePageDecidesAndLinksItsLogAsync()
    {
        var (page, decision) = await Reporting.WrittenReportPage.OpenAsync(chromium.Browser, Reports);
        Assert.StartsWith("Release 2.3.1-dev.", decision);
        Assert.Contains("not releasable", decision);
        Assert.Contains("aarch64", decision);
        await Reporting.WrittenReportPage.AssertIconAsync(page, Reporting.WrittenReportPage.Red);
        await Reporting.WrittenReportPage.AssertLogLinkOpensAsync(page, Reports, "» Compat");
        await page.CloseAsync();
    }

    /// <summary>Each line of the run's output with the seconds since the start at which it arrived.</summary>
    private async Task<(int ExitCode, List<(double At, string Line)> Lines)> CompatAndReportAsync()
    {
        var patches = Spine.BuildScript.SeriesWith(Path.Combine(Scratch, "patches"), Fixture, CompatReports.Fixture(Fixture));
        File.AppendAllText(Path.Combine(patches, "series"), Unique + "\n");
        File.WriteAllText(Path.Combine(patches, Unique), Spine.BuildScript.NeverDecodedLibrary(marker));
        // No report of an earlier run: one that passed cannot stand in for this run's.
        foreach (var stale in Directory.Exists(Reports) ? Directory.GetFiles(Reports, "compat-*") : []) File.Delete(stale);
        var lines = new List<(double, string)>();
        var clock = Stopwatch.StartNew();
        void Add(string line) { lock (lines) lines.Add((clock.Elapsed.TotalSeconds, line)); }
        // No bisection: naming the guilty patch is GuiltyPatchPipelineTests' promise (DriftSeriesRun); here each of
        // its probes would compile a prefix and decode 65,536 soak pictures under qemu, and nothing here reads them.
        var result = await Tree.Command(["Compat", "Report", "--arch", "x86_64,aarch64", "--patches", patches, "--no-bisect"])
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Add, Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Add, Encoding.UTF8))
            .WithValidation(CommandResultValidation.None).ExecuteAsync();
        return (result.ExitCode, lines);
    }

    private CompatReport ReadReport(string arch) => CompatReports.Read(Reports, arch);
}

using System.Text.RegularExpressions;
using CliWrap.Buffered;
using OpenH264Build.Compat;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// The soak end to end, through ./build.sh: a real patch (Fixtures/9003-*) that shifts the aarch64 luma by one
/// macroblock column only after 65,536 decoded pictures, the moment a 16-bit counter wraps. The 960-picture corpus
/// cannot see it; the soak streams (70,000 pictures each, decoded in full on both arches, in one run) must, and name
/// it on aarch64 alone.
/// </summary>
[Collection("Pipeline")]
public sealed class SoakCompatTests() : Spine.PipelineTreeTest("soak-compat")
{
    private const string Fixture = "9003-test-aarch64-luma-drift-after-65536-frames.patch";
    private const string Unique = "9004-test-a-library-no-run-has-decoded.patch";

    // A string no earlier run compiled in: the candidate's sha256 is new, so the decode cache (keyed by it) holds
    // nothing for it, and the drift must be found by decoding all 140,000 soak pictures in this run.
    private readonly string marker = Guid.NewGuid().ToString("N");
    [Fact]
    public async Task A_drift_that_starts_after_65536_pictures_fails_aarch64_naming_stream_frame_and_luma_and_passes_x86_64()
    {
        // Both arches in one run, as a user runs Compat: their decodes share the cores, and each writes its own report.
        var run = await CompatAsync();
        var output = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode != 0, output);
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
        var markdown = await File.ReadAllTextAsync(Path.Combine(Reports, "compat-aarch64.md"));
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

    private async Task<BufferedCommandResult> CompatAsync()
    {
        var patches = Spine.BuildScript.SeriesWith(Path.Combine(Scratch, "patches"), Fixture, CompatReports.Fixture(Fixture));
        File.AppendAllText(Path.Combine(patches, "series"), Unique + "\n");
        File.WriteAllText(Path.Combine(patches, Unique), Spine.BuildScript.NeverDecodedLibrary(marker));
        // No report of an earlier run: one that passed cannot stand in for this run's.
        foreach (var stale in Directory.Exists(Reports) ? Directory.GetFiles(Reports, "compat-*") : []) File.Delete(stale);
        // No bisection: naming the guilty patch is GuiltyPatchPipelineTests' promise (DriftSeriesRun); here each of
        // its probes would compile a prefix and decode 65,536 soak pictures under qemu, and nothing here reads them.
        return await Tree.BuildAsync("Compat", "--arch", "x86_64,aarch64", "--patches", patches, "--no-bisect");
    }

    private CompatReport ReadReport(string arch) => CompatReports.Read(Reports, arch);
}

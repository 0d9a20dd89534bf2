using System.Text.Json;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build;
using OpenH264Build.Compat;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// Deliberately broken libraries (a shim around Debian's real libopenh264, built with gcc or the aarch64 cross
/// compiler, run natively or under qemu) must each be caught with the right frame, plane and macroblock.
/// </summary>
[Collection("Compat")]
public sealed class CompatibilityCheckerTests(CompatFixture fixture)
{
    private const int Luma = 1, Chroma = 2, Crash = 3, FewerFrames = 4;

    /// <summary>Small, but long enough (200 frames, one IDR) for a drift that starts at frame 180.</summary>
    private static readonly CorpusStream LongBaseline = new("cb-qcif-200", Oracle: "ffmpeg",
        X264: new X264Recipe(new LavfiSource("testsrc2", 176, 144, 200), Profile: "baseline", Keyint: 0));

    private static readonly CorpusStream OddMain = new("main-odd-cabac",
        X264: new X264Recipe(new LavfiSource("mandelbrot", 106, 74, 30), Profile: "main", Cabac: true, BFrames: 2, Refs: 2, Slices: 2));

    private static readonly CorpusStream Encoded = new("openh264-enc",
        OpenH264: new OpenH264Recipe(new LavfiSource("testsrc2", 128, 96, 20), new EncoderSettings(128, 96, Bitrate: 200_000)));

    private CorpusGenerator Generator => new(Path.Combine(fixture.Root, "corpus"), CompatFixture.RepositoryRoot);

    private async Task<(CompatReport Report, string Reports)> CheckAsync(TargetArch arch, string candidate, params CorpusStream[] corpus)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(candidate))!;
        var reports = Path.Combine(fixture.Root, "reports", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        var run = new CompatRun(arch, fixture.Harness[arch], fixture.Library[arch], candidate, Path.Combine(reports, ".work"), reports,
            AcceptedDifferences.Empty, fixture.Sandbox, Companions: [fixture.Library[arch]]);
        var report = await new CompatibilityChecker(run).RunAsync(corpus, Generator);
        CompatReportWriter.Write(report, reports);
        return (report, reports);
    }

    [Fact]
    public async Task A_late_luma_column_shift_on_one_arch_fails_that_arch_and_passes_the_other()
    {
        // One broken source for both arches, whose damage is in its aarch64 build only: x86_64 gets the same bug's build.
        var aarch64Build = await fixture.ShimAsync(TargetArch.Aarch64, Luma, fromFrame: 180, mbColumn: 5, onlyOnAarch64: true);
        var x86Build = await fixture.ShimAsync(TargetArch.X86_64, Luma, fromFrame: 180, mbColumn: 5, onlyOnAarch64: true);

        var (aarch64, reports) = await CheckAsync(TargetArch.Aarch64, aarch64Build, LongBaseline, OddMain);
        var (x86, _) = await CheckAsync(TargetArch.X86_64, x86Build, LongBaseline, OddMain, Encoded);

        Assert.Equal("pass", x86.Verdict);
        Assert.All(x86.Streams, s => Assert.Equal("pass", s.Verdict));
        Assert.Contains(x86.Streams, s => s.Kind == "encode" && s.Stream == "openh264-enc");
        Assert.Equal("equal", x86.Streams.Single(s => s.Stream == "cb-qcif-200").OracleVerdict);

        Assert.Equal("fail", aarch64.Verdict);
        var failed = aarch64.Streams.Single(s => s.Stream == "cb-qcif-200");
        Assert.Equal("fail", failed.Verdict);
        var d = failed.Difference!;
        Assert.Equal(("baseline", 180, "Y", 0, 5), (d.Against, d.FirstFrame, d.FirstPlane, d.MacroblockRow!.Value, d.MacroblockColumn!.Value));
        Assert.Equal(["Y"], d.Planes);
        Assert.Equal(9, d.DifferentMacroblocks); // the whole column: 144 / 16 rows
        Assert.Equal(199, d.LastFrame);
        Assert.NotEqual("inf", d.PsnrFirst!.Y);
        Assert.Equal("inf", d.PsnrFirst.U);
        foreach (var png in new[] { d.Images!.Baseline, d.Images.Candidate, d.Images.HeatMap })
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(reports, png))[..4]);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "compat-aarch64.json")));
        Assert.Equal("fail", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("aarch64", json.RootElement.GetProperty("arch").GetString());
        var markdown = File.ReadAllText(Path.Combine(reports, "compat-aarch64.md"));
        Assert.Contains("cb-qcif-200: differs from baseline from frame 180, plane Y", markdown);
        Assert.Contains("row 0, column 5", markdown);
        Assert.Contains(d.Images.HeatMap, markdown);
    }

    [Theory]
    [InlineData(TargetArch.X86_64)]
    [InlineData(TargetArch.Aarch64)]
    public async Task A_chroma_only_change_is_caught_in_the_U_plane(TargetArch arch)
    {
        var (report, _) = await CheckAsync(arch, await fixture.ShimAsync(arch, Chroma, fromFrame: 40, mbColumn: 3), LongBaseline);

        var d = report.Streams.Single().Difference!;
        Assert.Equal("fail", report.Verdict);
        Assert.Equal((40, "U", 1, 3), (d.FirstFrame, d.FirstPlane, d.MacroblockRow!.Value, d.MacroblockColumn!.Value));
        Assert.DoesNotContain("Y", d.Planes);
        Assert.Equal("inf", d.PsnrFirst!.Y);
    }

    [Theory]
    [InlineData(TargetArch.X86_64)]
    [InlineData(TargetArch.Aarch64)]
    public async Task A_crash_fails_and_says_after_how_many_pictures(TargetArch arch)
    {
        var (report, _) = await CheckAsync(arch, await fixture.ShimAsync(arch, Crash, fromFrame: 25, mbColumn: 0), LongBaseline);

        var stream = report.Streams.Single();
        Assert.Equal("fail", stream.Verdict);
        Assert.True(stream.CandidateCrashed);
        Assert.Equal(25, stream.CandidateFrames);
        Assert.Contains("crashed", stream.Message);
        Assert.Equal(25, stream.Difference!.FirstFrame);
    }

    [Theory]
    [InlineData(TargetArch.X86_64)]
    [InlineData(TargetArch.Aarch64)]
    public async Task A_library_that_returns_fewer_pictures_fails(TargetArch arch)
    {
        var (report, _) = await CheckAsync(arch, await fixture.ShimAsync(arch, FewerFrames, fromFrame: 150, mbColumn: 0), LongBaseline);

        var stream = report.Streams.Single();
        Assert.Equal("fail", stream.Verdict);
        Assert.False(stream.CandidateCrashed);
        Assert.Equal((200, 150), (stream.BaselineFrames, stream.CandidateFrames));
        Assert.Equal(150, stream.Difference!.FirstFrame);
        Assert.Contains("candidate gave 150 pictures", stream.Message);
    }

    [Theory]
    [InlineData(TargetArch.X86_64)]
    [InlineData(TargetArch.Aarch64)]
    public async Task The_library_decodes_constrained_baseline_exactly_as_ffmpeg(TargetArch arch)
    {
        var item = (await Generator.MaterializeAsync(LongBaseline))!;
        var work = Path.Combine(fixture.Root, "ffmpeg-" + arch.Name());

        Assert.Null(await SingleStreamCheck.CompareWithFfmpegAsync(fixture.Sandbox, fixture.Harness[arch], fixture.Library[arch], arch, item.StreamPath, work));
        var broken = await fixture.ShimAsync(arch, Luma, fromFrame: 10, mbColumn: 2);
        var difference = await SingleStreamCheck.CompareWithFfmpegAsync(fixture.Sandbox, fixture.Harness[arch], broken, arch, item.StreamPath, work,
            [fixture.Library[arch]]);
        Assert.Equal((10, Plane.Y), (difference!.Frame, difference.Planes[0]));
    }

    [Fact]
    public async Task An_accepted_difference_passes_only_with_its_reviewed_digest()
    {
        var arch = TargetArch.X86_64;
        var broken = await fixture.ShimAsync(arch, Chroma, fromFrame: 5, mbColumn: 1);
        var (first, _) = await CheckAsync(arch, broken, LongBaseline);
        var digest = first.Streams.Single().CandidateDigest!;

        var accepted = new AcceptedDifferences([new AcceptedDifference("cb-qcif-200", digest, "fixes chroma", "decode", "x86_64", "0002-x.patch")]);
        var reports = Path.Combine(fixture.Root, "reports", "accepted");
        var run = new CompatRun(arch, fixture.Harness[arch], fixture.Library[arch], broken, Path.Combine(reports, ".work"), reports, accepted,
            fixture.Sandbox, Companions: [fixture.Library[arch]]);
        var report = await new CompatibilityChecker(run).RunAsync([LongBaseline], Generator);

        Assert.Equal("pass", report.Verdict);
        Assert.Equal("accepted", report.Streams.Single().Verdict);
        Assert.Null(accepted.Find("cb-qcif-200", "decode", TargetArch.Aarch64 == arch ? TargetArch.X86_64 : TargetArch.Aarch64, digest));
    }
}

using OpenH264Build.Compat;

namespace OpenH264Build.Tests.Compat;

/// <summary>What the reports say about the soak: its pictures, their play time at 25 fps, and a run that left it out.</summary>
public sealed class SoakSummaryTests
{
    private static StreamResult Decoded(string name, int frames, double seconds, bool soak) =>
        new(name, "decode", "pass", "", frames, frames, null, null, Soak: soak, CandidateDecodeSeconds: seconds);

    [Fact]
    public void The_soak_counts_only_its_own_streams_and_says_how_long_they_play()
    {
        var soak = SoakSummary.Of(true, [Decoded("short", 960, 1, false), Decoded("soak-a", 70_000, 20, true), Decoded("soak-b", 70_000, 15, true)]);

        Assert.Equal((true, 2, 140_000, 5_600, 35.0, 4_000.0), (soak.Included, soak.Streams, soak.Frames, soak.PlaySeconds, soak.DecodeSeconds, soak.FramesPerSecond));
        Assert.Equal("140,000 frames = 1 h 33 min 20 s at 25 fps", soak.PlayTime());
        Assert.Equal("70,000 frames = 46 min 40 s at 25 fps", SoakSummary.Of(true, [Decoded("soak-a", 70_000, 20, true)]).PlayTime());
        Assert.Contains("Soak on aarch64: 140,000 frames = 1 h 33 min 20 s at 25 fps in 2 streams", CompatReportWriter.SoakLine(soak, "aarch64"));
    }

    [Fact]
    public void A_quick_run_says_the_soak_did_not_run()
    {
        var soak = SoakSummary.Of(false, [Decoded("short", 960, 1, false)]);

        Assert.Equal((false, 0, 0), (soak.Included, soak.Streams, soak.Frames));
        Assert.Contains("NOT RUN", CompatReportWriter.SoakLine(soak, "x86_64"));
    }
}

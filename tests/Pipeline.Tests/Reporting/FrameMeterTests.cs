using OpenH264Build.Containers;
using OpenH264Build.Reporting;
using OpenH264Build.Terminal;

namespace OpenH264Build.Tests.Reporting;

/// <summary>The frame meter's plain lines: what the harness reported, with a rate and an ETA, at its interval.</summary>
public sealed class FrameMeterTests
{
    [Fact]
    public async Task It_writes_the_frames_reported_with_a_rate_and_an_eta_at_each_interval_until_disposed()
    {
        var lines = new List<string>();
        var arch = "test-" + Guid.NewGuid().ToString("N")[..6];
        await using (var meter = FrameMeter.Start("Compat", arch, line => { lock (lines) lines.Add(line); }, TimeSpan.FromMilliseconds(200)))
        {
            while (Snapshot(lines).Count == 0) await Task.Delay(50);
            meter.Expect(1000);
            FrameMeter.Report(arch, "baseline/soak", 100);
            FrameMeter.Report(arch, "candidate/soak", 150);
            FrameMeter.Report(arch, "candidate/soak", 120); // a late, lower count never takes a count back
            var before = Snapshot(lines).Count;
            while (Snapshot(lines).Count < before + 2) await Task.Delay(50);
            Assert.Equal(250, meter.Done);
        }
        var count = Snapshot(lines).Count;
        await Task.Delay(500);
        Assert.Equal(count, Snapshot(lines).Count); // silent once disposed
        Assert.StartsWith($"… Compat [{arch}]: preparing", lines[0]);
        Assert.Matches(@"^… Compat \[test-\w+\]: 250 of 1000 frames decoded, \d+ frames/s, ETA .+ \(.+\)$", lines[^1]);
    }

    [Fact]
    public async Task Once_every_expected_picture_is_decoded_the_rate_stops_and_the_line_says_so()
    {
        var lines = new List<string>();
        var arch = "test-" + Guid.NewGuid().ToString("N")[..6];
        void Add(string line) { lock (lines) lines.Add(line); }
        await using (var meter = FrameMeter.Start("Compat", arch, Add, TimeSpan.FromMilliseconds(200)))
        {
            meter.Expect(300);
            FrameMeter.Report(arch, "baseline/soak", 150);
            FrameMeter.Report(arch, "candidate/soak", 150);
            var before = Snapshot(lines).Count;
            while (Snapshot(lines).Count < before + 3) await Task.Delay(50);
        }
        var last = Snapshot(lines).TakeLast(2).ToList();
        const string Checking =
            @"^… Compat \[test-\w+\]: all 300 frames decoded, \d+ frames/s; checking the pictures \(.+\)$";
        Assert.All(last, l => Assert.Matches(Checking, l));
        // The rate no longer falls as the time goes on.
        Assert.Equal(last[0][..last[0].IndexOf('(')], last[1][..last[1].IndexOf('(')]);
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines) return lines.ToList();
    }
}

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

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines) return lines.ToList();
    }
}

using OpenH264Build.Fleet;

namespace OpenH264Build.Tests.Fleet;

/// <summary>The gates between waves, on results as the play reports them (no host needed).</summary>
public class WaveGateTests
{
    private static Wave WaveOf(string name, int size) =>
        new(name, Enumerable.Range(1, size).Select(i => new FleetHost($"h{i}", i % 3 == 0 ? "arm64" : "amd64")).ToList());

    private static List<HostResult> Results(Wave wave, int failed, int unreachable = 0) =>
        wave.Hosts.Select((h, i) => new HostResult
        {
            Host = h.Name, Arch = h.Arch,
            State = i < failed ? HostResult.Failed : i < failed + unreachable ? HostResult.Unreachable : HostResult.Done,
        }).ToList();

    private static string? Gate(WaveGate gate, Wave wave, List<HostResult> results)
    {
        var summary = new RolloutSummary("v", gate.Failures.Allowed, gate.Offline.Allowed);
        summary.Add(wave.Name, results);
        return gate.HaltReason(wave, results, summary);
    }

    [Fact]
    public void Five_percent_of_a_140_host_wave_is_7_the_eighth_failure_stops_the_run_before_the_next_wave()
    {
        // A whole-run budget of 5 % of 14,000 (700) is far from spent: the wave's own gate halts.
        var gate = new WaveGate(FailureBudget.Parse("5%", 14_000), FailureBudget.Parse("2%", 14_000));
        var wave = WaveOf("1 %", 140);
        Assert.Null(Gate(gate, wave, Results(wave, failed: 7)));
        Assert.Equal("8 of the 140 host(s) of wave 1 % failed or rolled back, over the wave's budget of 7 (5 % of the wave), " +
                     "so the next wave did not start", Gate(gate, wave, Results(wave, failed: 8)));
    }

    [Fact]
    public void Unreachable_hosts_are_not_failures_they_count_toward_the_offline_budget()
    {
        var gate = new WaveGate(FailureBudget.Parse("0", 1_000), FailureBudget.Parse("2%", 1_000));
        var wave = WaveOf("25 %", 250);
        Assert.Null(Gate(gate, wave, Results(wave, failed: 0, unreachable: 20)));
        Assert.Equal("21 host(s) unreachable in this run, over the offline budget of 20 (after wave 25 %)",
            Gate(gate, wave, Results(wave, failed: 0, unreachable: 21)));
    }

    [Fact]
    public void A_failed_or_unreachable_canary_halts_at_once()
    {
        var gate = new WaveGate(FailureBudget.Parse("50%", 100), FailureBudget.Parse("50%", 100));
        var wave = WaveOf("canary", 2);
        Assert.StartsWith("a canary failed (h1)", Gate(gate, wave, Results(wave, failed: 1)));
        Assert.StartsWith("canary h1 (amd64) unreachable", Gate(gate, wave, Results(wave, failed: 0, unreachable: 1)));
    }
}

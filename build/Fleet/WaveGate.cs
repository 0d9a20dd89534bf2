namespace OpenH264Build.Fleet;

/// <summary>
/// Whether the next wave may start. Any failed canary halts at once, and so does an unreachable canary (no host of
/// its arch has been proven yet). Then, in this order: this run's failures (failed or rolled back, whatever the
/// wave) against the whole-run budget; this wave's failures against the budget's share of the wave; this run's
/// unreachable hosts against the offline budget. Unreachable hosts are never failures: they are reported apart
/// and tried again by the next run.
/// </summary>
public sealed record WaveGate(FailureBudget Failures, FailureBudget Offline)
{
    public string? HaltReason(Wave wave, IReadOnlyList<HostResult> results, RolloutSummary summary)
    {
        var failed = results.Where(r => r.CountsAsFailure).Select(r => r.Host).ToList();
        var unreachable = results.Where(r => r.IsUnreachable).Select(r => $"{r.Host} ({r.Arch})").ToList();
        if (wave.Name == "canary" && failed.Count > 0)
            return $"a canary failed ({string.Join(", ", failed)}), so no other host was touched";
        if (wave.Name == "canary" && unreachable.Count > 0)
            return $"canary {string.Join(", ", unreachable)} unreachable: its arch is not proven on any host yet, " +
                   "so no other host was touched; run again when it answers";
        if (Failures.IsExceeded(summary.Failures))
            return $"{summary.Failures} host(s) failed or rolled back in this run, over the budget of " +
                $"{Failures.Allowed} " +
                   $"(after wave {wave.Name})";
        var allowedInWave = Failures.AllowedInWave(wave.Hosts.Count);
        if (failed.Count > allowedInWave)
            return $"{failed.Count} of the {wave.Hosts.Count} host(s) of wave {wave.Name} failed or rolled " +
                $"back, over the " +
                   $"wave's budget of {allowedInWave} ({Failures.Percent} % of the wave), so the next wave did " +
                   "not start";
        if (Offline.IsExceeded(summary.Unreachable))
            return $"{summary.Unreachable} host(s) unreachable in this run, over the offline budget of " +
                $"{Offline.Allowed} " +
                   $"(after wave {wave.Name})";
        return null;
    }
}

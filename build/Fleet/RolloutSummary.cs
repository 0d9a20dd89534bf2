using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>What one wave did in this run: its hosts by the state they ended in.</summary>
public sealed record WaveResult(string Name, int Hosts, int Done, int Failed, int RolledBack, int Unreachable);

/// <summary>
/// This run's tally: the results it produced wave by wave, the failures that count against the budget, the
/// unreachable hosts that count against the offline budget (apart), why it halted.
/// </summary>
public sealed class RolloutSummary(string version, int budget, int offlineBudget = 0)
{
    private readonly List<HostResult> _results = [];
    private readonly List<WaveResult> _waves = [];

    public string Version => version;
    public int Budget => budget;
    public int OfflineBudget => offlineBudget;
    public IReadOnlyList<HostResult> Results => _results;
    public IReadOnlyList<WaveResult> Waves => _waves;
    public int Failures => _results.Count(r => r.CountsAsFailure);
    public int Unreachable => _results.Count(r => r.IsUnreachable);
    public string? HaltReason { get; private set; }
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public void Add(string wave, IReadOnlyList<HostResult> results)
    {
        _results.AddRange(results);
        int Count(string state) => results.Count(r => r.State == state);
        _waves.Add(new WaveResult(wave, results.Count, Count(HostResult.Done) + Count(HostResult.Reverted),
            Count(HostResult.Failed),
            Count(HostResult.RolledBack), Count(HostResult.Unreachable)));
    }

    public void Halt(string reason) => HaltReason = reason;

    /// <summary>Which hosts are on which version now, as far as the ledger knows: a count per version, and the
    /// unreachable apart.</summary>
    public void LogVersions(RolloutLedger ledger)
    {
        foreach (var (version, count) in VersionCounts(ledger))
            Log.Information("On {Version}: {Count} host(s)", version, count);
        var unreachable = _results.Where(r => r.IsUnreachable).Select(r => r.Host).Order(StringComparer.Ordinal)
            .ToList();
        if (unreachable.Count > 0)
            Log.Warning("Unreachable in this run (not failures; the next run tries them again): {Hosts}",
                string.Join(", ", unreachable));
    }

    public static IReadOnlyList<(string Version, int Count)> VersionCounts(RolloutLedger ledger) =>
        ledger.Hosts.Values.GroupBy(h => string.IsNullOrEmpty(h.VersionAfter) ? "unknown (not reached)"
            : h.VersionAfter)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList();
}

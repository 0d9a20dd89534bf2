using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>This run's tally: the results it produced, the failures that count against the budget, why it halted.</summary>
public sealed class RolloutSummary(string version, int budget)
{
    private readonly List<HostResult> _results = [];

    public string Version => version;
    public int Budget => budget;
    public IReadOnlyList<HostResult> Results => _results;
    public int Failures => _results.Count(r => r.CountsAsFailure);
    public string? HaltReason { get; private set; }
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public void Add(IEnumerable<HostResult> results) => _results.AddRange(results);
    public void Halt(string reason) => HaltReason = reason;

    /// <summary>Which hosts are on which version now, as far as the ledger knows (the last word of each host).</summary>
    public void LogVersions(RolloutLedger ledger)
    {
        foreach (var group in ledger.Hosts.Values.GroupBy(h => string.IsNullOrEmpty(h.VersionAfter) ? "unknown (not reached)" : h.VersionAfter).OrderBy(g => g.Key, StringComparer.Ordinal))
            Log.Information("On {Version}: {Hosts}", group.Key, string.Join(", ", group.Select(h => h.Host).Order(StringComparer.Ordinal)));
    }
}

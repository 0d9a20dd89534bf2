using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenH264Build.Fleet;

/// <summary>
/// The per-host report of a rollout (JSON): for every host of the ledger its state, versions before and after,
/// smoke verdict, duration and error; the run's own tally (budgets, failures, why it halted), each wave's result,
/// the unreachable hosts apart (not failures: the next run tries them again) and how many hosts are on each version.
/// </summary>
public static class RolloutReport
{
    public static void Write(string path, RolloutSummary summary, RolloutLedger ledger)
    {
        var report = new JsonObject
        {
            ["version"] = summary.Version,
            ["startedAt"] = summary.StartedAt.ToString("O"),
            ["finishedAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["seed"] = ledger.Seed,
            ["plan"] = "rollout-plan.json",
            ["budget"] = summary.Budget,
            ["failures"] = summary.Failures,
            ["offlineBudget"] = summary.OfflineBudget,
            ["unreachable"] = new JsonArray(summary.Results.Where(r => r.IsUnreachable).Select(r => (JsonNode?)r.Host)
                .ToArray()),
            ["halted"] = summary.HaltReason is not null,
            ["haltReason"] = summary.HaltReason,
            ["waves"] = JsonSerializer.SerializeToNode(summary.Waves, Options),
            ["versions"] = new JsonObject(RolloutSummary.VersionCounts(ledger)
                .Select(v => KeyValuePair.Create(v.Version, (JsonNode?)v.Count))),
            ["hostsThisRun"] = new JsonArray(summary.Results.Select(r => (JsonNode?)r.Host).ToArray()),
            ["hosts"] = JsonSerializer.SerializeToNode(ledger.Hosts.Values.OrderBy(h => h.Host,
                StringComparer.Ordinal).ToList()),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, report.ToJsonString(Options) + "\n");
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

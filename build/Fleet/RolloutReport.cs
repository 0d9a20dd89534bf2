using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenH264Build.Fleet;

/// <summary>
/// The per-host report of a rollout (JSON): for every host of the ledger its state, versions before and after,
/// smoke verdict, duration and error, and the run's own tally (budget, failures, why it halted).
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
            ["budget"] = summary.Budget,
            ["failures"] = summary.Failures,
            ["halted"] = summary.HaltReason is not null,
            ["haltReason"] = summary.HaltReason,
            ["hostsThisRun"] = new JsonArray(summary.Results.Select(r => (JsonNode?)r.Host).ToArray()),
            ["hosts"] = JsonSerializer.SerializeToNode(ledger.Hosts.Values.OrderBy(h => h.Host, StringComparer.Ordinal).ToList()),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }
}

using System.Text.Json.Nodes;
using OpenH264Build.Formats;
using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>
/// <c>--rollback</c>: every host the ledger has done goes back to the exact package it had, the copy the rollout
/// kept on the host, whose sha256 the ledger holds; the host checks that sha256 before dpkg sees the copy.
/// </summary>
public sealed class FleetRollback(VerifiedFleetRelease release, IReadOnlyList<FleetHost> inventory,
    AnsibleRunner ansible,
    RolloutOptions options)
{
    public async Task<RolloutSummary> RunAsync(RolloutLedger ledger, CancellationToken ct)
    {
        var summary = new RolloutSummary(release.Manifest.DebianVersion, 0);
        var names = inventory.ToDictionary(h => h.Name);
        var done = ledger.Hosts.Values
            .Where(h => h.State == HostResult.Done && !string.IsNullOrEmpty(h.VersionBefore)
                && names.ContainsKey(h.Host)).ToList();
        Log.Information("Rollback of {Version}: {Count} host(s) go back to their previous version",
            release.Manifest.DebianVersion, done.Count);
        if (options.DryRun || done.Count == 0) return summary;
        var variables = await new RolloutVariables(release, inventory, options,
            ansible.ScratchDirectory).ForRolloutAsync(ct);
        variables["fleet_before"] = new JsonObject(done.Select(h => KeyValuePair.Create(h.Host,
            (JsonNode?)new JsonObject
        {
            ["version"] = h.VersionBefore, ["sha256"] = h.KeptSha256 ?? "",
        })));
        var results = await ansible.RunAsync("rollback.yml", done.Select(h => names[h.Host]).ToList(), variables,
            "rollback", ct);
        // A host that could not be rolled back is still on the release, with its kept package: a later --rollback
        // retries it.
        ledger.Record(results.Select(r => r.State == HostResult.Reverted ? r
            : ledger.Hosts[r.Host] with { Error = "rollback failed: " + r.Error }));
        ledger.Save(options.Ledger);
        summary.Add("rollback", results);
        foreach (var result in results) RolloutLog.Result(result);
        var notBack = results.Count(r => r.State != HostResult.Reverted);
        if (notBack > 0) summary.Halt($"{notBack} host(s) could not be rolled back");
        return summary;
    }
}

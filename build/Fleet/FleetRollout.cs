using System.Text.Json.Nodes;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>
/// The rollout: waves in order (canaries, then 1 %, 5 %, 25 %, 100 %), each run by Ansible, every host's result
/// written to the ledger after its wave. The gate before each next wave is this run's failure count (failed +
/// unreachable + rolled back, whatever the wave) against the budget; any failed canary halts at once. A halted run
/// fails with a line that says why, and the report says which host is on which version.
/// </summary>
public sealed class FleetRollout(VerifiedFleetRelease release, IReadOnlyList<FleetHost> inventory, AnsibleRunner ansible, RolloutOptions options)
{
    private string? _bundle;

    public async Task<RolloutSummary> RunAsync(CancellationToken ct)
    {
        var ledger = RolloutLedger.LoadOrStart(options.Ledger, release.Manifest.DebianVersion);
        var summary = options.Rollback ? await RollBackAsync(ledger, ct) : await RollOutAsync(ledger, ct);
        if (!options.DryRun) RolloutReport.Write(options.ReportFile, summary, ledger);
        summary.LogVersions(ledger);
        if (summary.HaltReason is { } reason) throw new BuildFailure($"Rollout halted: {reason} (report: {options.ReportFile})");
        return summary;
    }

    private async Task<RolloutSummary> RollOutAsync(RolloutLedger ledger, CancellationToken ct)
    {
        var waves = WavePlan.For(inventory, ledger.Finished);
        var budget = FailureBudget.Parse(options.FailureBudget, waves.Sum(w => w.Hosts.Count));
        var summary = new RolloutSummary(release.Manifest.DebianVersion, budget.Allowed);
        Log.Information("Rollout of {Version}: {Done} of {Total} hosts already done; failure budget {Budget} host(s)",
            release.Manifest.DebianVersion, ledger.Finished.Count, inventory.Count, budget.Allowed);
        foreach (var wave in waves)
            Log.Information("  wave {Wave}: {Count} host(s): {Hosts}", wave.Name, wave.Hosts.Count, string.Join(", ", wave.Hosts.Select(h => $"{h.Name} ({h.Arch})")));
        if (options.DryRun) return summary;

        foreach (var wave in waves)
        {
            var results = await ansible.RunAsync("rollout.yml", wave.Hosts, Variables(), wave.Name, ct);
            ledger.Record(results);
            ledger.Save(options.Ledger);
            summary.Add(results);
            foreach (var result in results) LogResult(result);
            if (wave.Name == "canary" && results.Any(r => r.CountsAsFailure))
                summary.Halt($"a canary failed ({string.Join(", ", results.Where(r => r.CountsAsFailure).Select(r => r.Host))}), so no other host was touched");
            else if (budget.IsExceeded(summary.Failures))
                summary.Halt($"{summary.Failures} host(s) failed, unreachable or rolled back in this run, over the budget of {budget.Allowed} (after wave {wave.Name})");
            if (summary.HaltReason is not null) break;
        }
        return summary;
    }

    private async Task<RolloutSummary> RollBackAsync(RolloutLedger ledger, CancellationToken ct)
    {
        var summary = new RolloutSummary(release.Manifest.DebianVersion, 0);
        var names = inventory.ToDictionary(h => h.Name);
        var hosts = ledger.Hosts.Values.Where(h => h.State == HostResult.Done && !string.IsNullOrEmpty(h.VersionBefore) && names.ContainsKey(h.Host))
            .Select(h => names[h.Host]).ToList();
        Log.Information("Rollback of {Version}: {Count} host(s) go back to their previous version", release.Manifest.DebianVersion, hosts.Count);
        if (options.DryRun || hosts.Count == 0) return summary;
        var variables = Variables();
        variables["fleet_before"] = new JsonObject(hosts.Select(h => KeyValuePair.Create(h.Name, (JsonNode?)ledger.Hosts[h.Name].VersionBefore)));
        var results = await ansible.RunAsync("rollback.yml", hosts, variables, "rollback", ct);
        ledger.Record(results);
        ledger.Save(options.Ledger);
        summary.Add(results);
        foreach (var result in results) LogResult(result);
        if (results.Any(r => r.State != HostResult.Reverted))
            summary.Halt($"{results.Count(r => r.State != HostResult.Reverted)} host(s) could not be rolled back");
        return summary;
    }

    private JsonObject Variables()
    {
        var manifest = release.Manifest;
        var arches = new JsonObject();
        foreach (var (debianArch, arch) in manifest.Architectures)
            arches[debianArch] = new JsonObject
            {
                ["library"] = arch.Library,
                ["librarySha256"] = arch.LibrarySha256,
                ["smokeDigests"] = new JsonArray(arch.SmokeDigests.Select(d => (JsonNode?)d).ToArray()),
            };
        return new JsonObject
        {
            ["fleet_version"] = manifest.DebianVersion,
            ["fleet_origin"] = manifest.Origin,
            ["fleet_suite"] = manifest.Suite,
            ["fleet_keyring"] = release.KeyFile,
            ["fleet_bundle"] = _bundle ??= ReleaseBundle.Write(release, options.RepositoryUrl is null ? options.RepositoryFolder : null,
                Path.Combine(ansible.ScratchDirectory, "bundle.tar")),
            ["fleet_repository_url"] = options.RepositoryUrl ?? "",
            ["fleet_min_free_kib"] = options.MinimumFreeKiB,
            ["fleet_lock_timeout"] = options.LockTimeoutSeconds,
            ["fleet_arches"] = arches,
            // The architecture the inventory gives each host (its openh264_arch, or its group).
            ["fleet_host_arch"] = new JsonObject(inventory.Select(h => KeyValuePair.Create(h.Name, (JsonNode?)h.Arch))),
        };
    }

    private static void LogResult(HostResult r)
    {
        if (r.State is HostResult.Done or HostResult.Reverted)
            Log.Information("  {Host} ({Arch}): {State}, {Before} -> {After}, smoke {Smoke}, {Seconds:0.0} s", r.Host, r.Arch, r.State, r.VersionBefore, r.VersionAfter, r.Smoke, r.DurationSeconds);
        else
            Log.Warning("  {Host} ({Arch}): {State}: {Error}", r.Host, r.Arch, r.State, r.Error);
    }
}

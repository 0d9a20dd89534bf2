using OpenH264Build.Engine;
using OpenH264Build.Formats;
using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>
/// The rollout: waves in order (one canary per arch, then 1 %, 5 %, 25 %, 100 % with both arches in each), each run
/// by Ansible, every host's result written to the ledger after its wave. After each wave the gates (<see
/// cref="WaveGate"/>) decide whether the next may start. A halted run fails with a line that says why, and the
/// report says which host is on which version. The plan is written first, and it is all a dry run writes.
/// </summary>
public sealed class FleetRollout(VerifiedFleetRelease release, IReadOnlyList<FleetHost> inventory,
    AnsibleRunner ansible,
    RolloutOptions options)
{
    private string Version => release.Manifest.DebianVersion;

    public async Task<RolloutSummary> RunAsync(CancellationToken ct)
    {
        var ledger = RolloutLedger.LoadOrStart(options.Ledger, Version, options.WaveSeed);
        var summary = options.Rollback
            ? await new FleetRollback(release, inventory, ansible, options).RunAsync(ledger, ct)
            : await RollOutAsync(ledger, ct);
        if (!options.DryRun) RolloutReport.Write(options.ReportFile, summary, ledger);
        if (!options.DryRun) summary.LogVersions(ledger);
        if (summary.HaltReason is { } reason) throw new BuildFailure($"Rollout halted: {reason} (report: " +
            $"{options.ReportFile})");
        return summary;
    }

    private async Task<RolloutSummary> RollOutAsync(RolloutLedger ledger, CancellationToken ct)
    {
        var waves = WavePlan.For(inventory, ledger.Finished, ledger.Seed);
        RolloutPlan.Write(options.PlanFile, waves, ledger.Seed);
        var gate = new WaveGate(FailureBudget.Parse(options.FailureBudget, waves.Sum(w => w.Hosts.Count)),
            FailureBudget.Parse(options.OfflineBudget, inventory.Count, "--offline-budget"));
        var summary = new RolloutSummary(Version, gate.Failures.Allowed, gate.Offline.Allowed);
        Log.Information(
            "Rollout of {Version}: {Done} of {Total} hosts already done; failure budget {Budget} host(s), " +
                        "offline budget {Offline} host(s); waves shuffled with seed {Seed} (plan: {Plan})", Version,
            ledger.Finished.Count, inventory.Count, gate.Failures.Allowed, gate.Offline.Allowed, ledger.Seed,
                options.PlanFile);
        foreach (var wave in waves)
            Log.Information("  wave {Wave}: {Count} host(s): {PerArch}", wave.Name, wave.Hosts.Count,
                wave.CountsPerArch());
        if (options.DryRun) return summary;

        var variables = new RolloutVariables(release, inventory, options, ansible.ScratchDirectory);
        foreach (var wave in waves)
        {
            var results = await ansible.RunAsync("rollout.yml", wave.Hosts, await variables.ForRolloutAsync(ct),
                wave.Name, ct);
            ledger.Record(results);
            ledger.Save(options.Ledger);
            summary.Add(wave.Name, results);
            foreach (var result in results) RolloutLog.Result(result);
            if (gate.HaltReason(wave, results, summary) is { } reason)
            {
                summary.Halt(reason);
                break;
            }
        }
        return summary;
    }
}

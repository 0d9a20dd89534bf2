using System.Text.Json;
using OpenH264Build.Engine;
using OpenH264Build.Fleet;
using OpenH264Build.Formats;
using OpenH264Build.Tests.Compat;

namespace OpenH264Build.Tests.Fleet;

/// <summary>What one rollout run left: its summary (null when it halted), the halt, and the ledger as written.</summary>
public sealed record RolloutRun(RolloutSummary? Summary, BuildFailure? Halt, RolloutLedger Ledger, string Report)
{
    public HostResult Host(string name) => Ledger.Hosts[name];
}

/// <summary>
/// Runs the Rollout stage in-process, as ./build.sh Rollout does, against the test's hosts and release, with host
/// keys checked against the hosts' own known_hosts and the waves shuffled with the seed the test chose.
/// </summary>
public sealed class RolloutDriver(FleetReleaseFactory factory, FleetHosts hosts, int seed) : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("rollout-").FullName;

    public async Task<RolloutRun> RunAsync(FleetTestRelease release, string ledgerName, string budget, bool rollback = false,
        string offlineBudget = "2%")
    {
        var ledger = Path.Combine(Folder, ledgerName + ".json");
        var report = Path.Combine(Folder, ledgerName + "-report.json");
        var verified = await VerifiedFleetRelease.OpenAsync(release.Dist, factory.PublicKey);
        var inventory = await FleetInventory.ReadAsync(hosts.Inventory, CancellationToken.None);
        // The held dpkg lock is never released while a run waits for it: five seconds prove the wait ends in a failure
        // as well as the default twenty.
        var options = new RolloutOptions(ledger, report, budget, release.Repository, null, DryRun: false, rollback, LockTimeoutSeconds: 5)
            { OfflineBudget = offlineBudget, WaveSeed = seed };
        var ansible = new AnsibleRunner(new AnsibleSettings(hosts.Inventory, Path.Combine(CompatFixture.RepositoryRoot, "deploy"), 20,
            Path.Combine(Folder, "scratch"), hosts.KnownHosts));
        RolloutSummary? summary = null;
        BuildFailure? halt = null;
        try { summary = await new FleetRollout(verified, inventory, ansible, options).RunAsync(CancellationToken.None); }
        catch (BuildFailure e) { halt = e; }
        var written = File.Exists(ledger)
            ? JsonSerializer.Deserialize<RolloutLedger>(await File.ReadAllTextAsync(ledger))!
            : new RolloutLedger { Version = verified.Manifest.DebianVersion };
        return new RolloutRun(summary, halt, written, report);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

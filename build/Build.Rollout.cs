using OpenH264Build.Engine;
using OpenH264Build.Fleet;

namespace OpenH264Build;

/// <summary>Rollout: from a signed release folder to the fleet, in waves, with Ansible (playbooks in deploy/).</summary>
partial class Build
{
    [Parameter("Ansible inventory of the fleet (hosts with openh264_arch amd64/arm64, or in groups amd64/arm64)",
        ReadBy = [nameof(Rollout)])]
    readonly string? Inventory;

    [Parameter("Release folder to roll out (checked with --public-key first), or 'dist' for artifacts/dist",
        ReadBy = [nameof(Rollout)])]
    readonly string? Release;

    [Parameter("Hosts that may fail in one rollout run before it halts: a count (3) or a share of the run's hosts (5%)",
        ReadBy = [nameof(Rollout)])]
    readonly string FailureBudget = "5%";

    [Parameter("Hosts Ansible works on at once (its forks)",
        ReadBy = [nameof(Rollout)])]
    readonly int Forks = 20;

    [Parameter("Rollout ledger file (default: artifacts/rollout/ledger-<debian version>.json)",
        ReadBy = [nameof(Rollout)])]
    readonly string? Ledger;

    [Parameter("Signed apt repository folder copied to hosts when no --apt-url is given (default: artifacts/apt)",
        ReadBy = [nameof(Rollout)])]
    readonly string? AptFolder;

    [Parameter("URL hosts fetch the signed apt repository from, instead of a copy of --apt-folder",
        ReadBy = [nameof(Rollout)])]
    readonly string? AptUrl;

    [Parameter("Rollout: take every host the ledger has done back to its previous version",
        ReadBy = [nameof(Rollout)])]
    readonly bool Rollback;

    static string DeployDirectory => Path.Combine(RootDirectory, "deploy");

    async Task RollOutFleet()
    {
        var folder = Release == "dist" ? Paths.Dist : Path.GetFullPath(Release!);
        var release = await VerifiedFleetRelease.OpenAsync(folder, PublicKey!, AllowDevelopment, CancellationToken);
        var hosts = await FleetInventory.ReadAsync(Path.GetFullPath(Inventory!), CancellationToken);
        var rolloutFolder = Path.Combine(Paths.Artifacts, "rollout");
        var scratch = Path.Combine(Path.GetTempPath(), "rollout-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new RolloutOptions(
                Ledger ?? Path.Combine(rolloutFolder, $"ledger-{release.Manifest.DebianVersion}.json"),
                Path.Combine(Paths.Reports, "rollout.json"),
                FailureBudget, AptFolder ?? AptRepositoryDirectory, AptUrl, DryRun, Rollback);
            var ansible = new AnsibleRunner(new AnsibleSettings(Path.GetFullPath(Inventory!), DeployDirectory, Forks, scratch));
            await new FleetRollout(release, hosts, ansible, options).RunAsync(CancellationToken);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }
}

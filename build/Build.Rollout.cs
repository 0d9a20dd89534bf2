using OpenH264Build.Engine;
using OpenH264Build.Fleet;

namespace OpenH264Build;

/// <summary>Rollout: from a signed release (a folder, or a published tag) to the fleet, in waves, with Ansible
/// (playbooks in deploy/).</summary>
partial class Build
{
    [Parameter("Ansible inventory of the fleet (hosts with openh264_arch amd64/arm64, or in groups amd64/arm64)",
        ReadBy = [nameof(Rollout)])]
    readonly string? Inventory;

    [Parameter(
        "Release to roll out (checked with --public-key first): a folder, 'dist' for artifacts/dist, or a release " +
            "tag of --repository (v2.3.1-1), downloaded from GitHub",
        ReadBy = [nameof(Rollout)])]
    readonly string? Release;

    [Parameter(
        "Hosts that may fail in one rollout run before it halts: a count (3) or a share (5%), which " +
            "also gates each wave",
        ReadBy = [nameof(Rollout)])]
    readonly string FailureBudget = "5%";

    [Parameter(
        "Unreachable hosts one rollout run may meet before it halts (not failures; retried next run): a count or a " +
            "share of the fleet",
        ReadBy = [nameof(Rollout)])]
    readonly string OfflineBudget = "2%";

    [Parameter("known_hosts file every host key is checked against (default: ~/.ssh/known_hosts)",
        ReadBy = [nameof(Rollout)])]
    readonly string? KnownHosts;

    [Parameter("Seed of the waves' shuffle (default: the ledger's, else one taken from the version)",
        ReadBy = [nameof(Rollout)])]
    readonly int? WaveSeed;

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

    [Parameter("Rollout: take every host the ledger has done back to the exact package it had",
        ReadBy = [nameof(Rollout)])]
    readonly bool Rollback;

    static string DeployDirectory => Path.Combine(RootDirectory, "deploy");

    RolloutSettings RolloutSettings => new()
    {
        Inventory = Path.GetFullPath(Inventory!), Release = Release!, FailureBudget = FailureBudget,
        OfflineBudget = OfflineBudget, KnownHosts = KnownHosts, WaveSeed = WaveSeed, Forks = Forks, Ledger = Ledger,
        AptFolder = AptFolder, AptUrl = AptUrl, Rollback = Rollback, DryRun = DryRun, PublicKey = PublicKey!,
        AllowDevelopment = AllowDevelopment, GithubApiUrl = GithubApiUrl, GithubToken = GithubToken,
        Repository = Repository, DeployDirectory = DeployDirectory, AptRepositoryDirectory = AptRepositoryDirectory,
    };
}

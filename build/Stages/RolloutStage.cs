using OpenH264Build.Engine;
using OpenH264Build.Fleet;
using OpenH264Build.Git;
using OpenH264Build.Pipeline;
using OpenH264Build.Publishing;

namespace OpenH264Build.Stages;

/// <summary>
/// Rolls a signed release out to an Ansible inventory in waves (canaries, 1/5/25/100 %), verifying and smoke-testing
/// each host and rolling back failures; the release is checked with the release public key first.
/// </summary>
public sealed class RolloutStage(RolloutSettings settings) : IStage
{
    public override string ToString() => "roll the release out to the fleet";

    public async Task RunAsync(RunContext context)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "rollout-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (release, downloadedApt) = await OpenFleetRelease(context, scratch);
            var hosts = await FleetInventory.ReadAsync(settings.Inventory, context.Cancellation);
            var knownHosts = Path.GetFullPath(settings.KnownHosts ?? AnsibleSettings.DefaultKnownHosts);
            if (!settings.DryRun) HostKeyCheck.RefuseWithoutKnownHosts(knownHosts, hosts);
            var options = new RolloutOptions(
                settings.Ledger ?? Path.Combine(context.Paths.Artifacts, "rollout",
                    $"ledger-{release.Manifest.DebianVersion}.json"),
                Path.Combine(context.Paths.Reports, "rollout.json"), settings.FailureBudget,
                settings.AptFolder ?? downloadedApt ?? settings.AptRepositoryDirectory, settings.AptUrl,
                settings.DryRun, settings.Rollback)
                { OfflineBudget = settings.OfflineBudget, WaveSeed = settings.WaveSeed };
            var ansible = new AnsibleRunner(new AnsibleSettings(settings.Inventory, settings.DeployDirectory,
                settings.Forks, scratch, knownHosts));
            await new FleetRollout(release, hosts, ansible, options).RunAsync(context.Cancellation);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    async Task<(VerifiedFleetRelease Release, string? AptFolder)> OpenFleetRelease(RunContext context, string scratch)
    {
        if (settings.Release == "dist") return (await VerifiedAsync(context.Paths.Dist, context), null);
        if (Directory.Exists(settings.Release))
            return (await VerifiedAsync(Path.GetFullPath(settings.Release), context), null);
        var client = GitHubEndpoint.From(settings.GithubApiUrl)
            .CreateClient(SecretParameters.Resolve(settings.GithubToken));
        var downloaded = await ReleaseDownload.FetchAsync(client, GitHubRepository.Parse(settings.Repository),
            settings.Release, Path.Combine(scratch, "download"), context.Cancellation);
        return (await VerifiedAsync(downloaded.Folder, context), downloaded.RepositoryFolder);
    }

    Task<VerifiedFleetRelease> VerifiedAsync(string folder, RunContext context) =>
        VerifiedFleetRelease.OpenAsync(folder, settings.PublicKey, settings.AllowDevelopment, context.Cancellation);
}

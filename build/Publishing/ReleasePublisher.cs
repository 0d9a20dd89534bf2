using Octokit;
using OpenH264Build.Dist;
using OpenH264Build.Git;
using OpenH264Build.Versioning;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>What to publish, and where.</summary>
public sealed record PublishRequest(
    GitHubRepository Repository,
    ReleaseTag Version,
    string? TargetCommit,
    string Name,
    string Notes,
    IReadOnlyList<DistFile> Files,
    bool Replace,
    bool DryRun);

/// <summary>
/// Makes the release for a tag: found or created as a draft, its assets uploaded and verified, and only then
/// published, so hosts never see a release with files missing. Each step looks first and writes only what
/// differs, so a run that died half way is finished by running it again, and a second run changes nothing.
/// In a dry run it reads, then prints each write it would make.
/// </summary>
public sealed class ReleasePublisher(IGitHubClient client, GitHubRetry retry, ILogger log)
{
    public async Task<Release?> Publish(PublishRequest request, CancellationToken cancellationToken = default)
    {
        var (repository, version) = (request.Repository, request.Version);
        var releases = await retry.Run($"list the releases of {repository}", _ =>
            client.Repository.Release.GetAll(repository.Owner, repository.Name, new ApiOptions { PageSize = 100 }),
                cancellationToken);
        // Drafts are not found by tag (GET releases/tags/x skips them), so the list is searched.
        var release = releases.FirstOrDefault(r => r.TagName == version.Tag);
        var sync = new ReleaseAssetSync(client, retry, log);
        var steps = await sync.Plan(repository, release, request.Files, request.Replace, cancellationToken);
        var newest = IsNewest(version, releases);

        if (request.DryRun)
        {
            DryRun(request, release, steps, newest);
            return release;
        }

        release = await CreateOrUpdate(request, release, cancellationToken);
        if (!release.Draft && steps.Any(s => s.Writes))
        {
            // Only --replace gets here with a published release: hide it while its files change.
            log.Warning("Release {Tag} is published; turning it back into a draft while its assets are replaced",
                version.Tag);
            release = await Edit(repository, release, new ReleaseUpdate { Draft = true }, cancellationToken);
        }
        await sync.Apply(repository, release, steps, cancellationToken);
        return await PublishDraft(repository, version.Tag, release, newest, cancellationToken);
    }

    /// <summary>The release as a draft when it is new; its name and notes brought up to date when it is not.</summary>
    private async Task<Release> CreateOrUpdate(PublishRequest request, Release? release,
        CancellationToken cancellationToken)
    {
        var (repository, version) = (request.Repository, request.Version);
        if (release is null)
        {
            log.Information("Creating draft release {Tag} in {Repository}", version.Tag, repository);
            return await retry.Run($"create draft release {version.Tag} in {repository}", _ =>
                client.Repository.Release.Create(repository.Owner, repository.Name, new NewRelease(version.Tag)
                {
                    Name = request.Name, Body = request.Notes, Draft = true, Prerelease = false,
                        TargetCommitish = request.TargetCommit,
                }), cancellationToken);
        }
        if (release.Body == request.Notes && release.Name == request.Name) return release;
        log.Information("Updating the name and notes of release {Tag}", version.Tag);
        return await Edit(repository, release, new ReleaseUpdate { Name = request.Name, Body = request.Notes },
            cancellationToken);
    }

    /// <summary>Publishes a draft whose assets are all verified, marked latest only when it is the newest
    /// version.</summary>
    private async Task<Release> PublishDraft(GitHubRepository repository, string tag, Release release, bool newest,
        CancellationToken cancellationToken)
    {
        if (!release.Draft)
        {
            log.Information("Release {Tag} is published and complete: nothing to do", tag);
            return release;
        }
        log.Information("Every asset is verified: publishing {Tag} ({Latest})", tag,
            newest ? "marked latest" : "not the newest version, not marked latest");
        return await Edit(repository, release, new ReleaseUpdate
        {
            Draft = false, MakeLatest = newest ? MakeLatestQualifier.True : MakeLatestQualifier.False,
        }, cancellationToken);
    }

    private Task<Release> Edit(GitHubRepository repository, Release release, ReleaseUpdate update,
        CancellationToken cancellationToken) =>
        retry.Run($"edit release {release.TagName} of {repository}", _ =>
            client.Repository.Release.Edit(repository.Owner, repository.Name, release.Id, update), cancellationToken);

    /// <summary>Newest among the published releases whose tags are release versions (drafts and other tags do not
    /// count).</summary>
    private static bool IsNewest(ReleaseTag version, IReadOnlyList<Release> releases) =>
        releases.Where(r => !r.Draft && r.TagName != version.Tag)
            .Select(r => ReleaseTag.TryParse(r.TagName, out var v) ? v : null).OfType<ReleaseTag>()
            .All(other => ReleaseTag.Compare(version, other) > 0);

    private void DryRun(PublishRequest request, Release? release, IReadOnlyList<AssetStep> steps, bool newest)
    {
        var (repository, tag) = (request.Repository, request.Version.Tag);
        if (release is null)
            log.Information(
                "[dry-run] would create draft release {Tag} in {Repository} named \"{Name}\" at {Commit} with " +
                    "these notes:\n{Notes}",
                tag, repository, request.Name, request.TargetCommit ?? "the tag", request.Notes);
        else if (release.Body != request.Notes || release.Name != request.Name)
            log.Information("[dry-run] would update release {Tag} to the name \"{Name}\" and these notes:\n{Notes}",
                tag, request.Name, request.Notes);
        else log.Information("[dry-run] release {Tag} exists with these notes already", tag);

        if (release is { Draft: false } && steps.Any(s => s.Writes))
            log.Information(
                "[dry-run] would turn the published release {Tag} back into a draft while assets are replaced", tag);
        foreach (var step in steps)
            log.Information(step.Writes ? "[dry-run] would {Step}" : "[dry-run] would {Step}", step.Describe());
        if (release is null || release.Draft || steps.Any(s => s.Writes))
            log.Information("[dry-run] would publish {Tag} ({Latest})", tag,
                newest ? "marked latest" : "not marked latest: a newer version is published");
    }
}

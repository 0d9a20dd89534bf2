using Octokit;
using OpenH264Build.Engine;
using OpenH264Build.Git;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>
/// Reads the upstream issues and pull requests the patches point at. A merged pull request whose merge commit
/// is in upstream's latest release means the patch can probably be dropped. Reads only.
/// </summary>
public sealed class UpstreamLookup(IGitHubClient client, GitHubRetry retry, ILogger log)
{
    /// <summary>
    /// Like <see cref="Read"/>, but upstream being out of reach (a GitHub Enterprise Server without internet access,
    /// an upstream outage, a rate limit) does not stop a release: the notes then link the issue without its state.
    /// </summary>
    public async Task<UpstreamStatus?> TryRead(UpstreamLink link, CancellationToken cancellationToken)
    {
        try
        {
            return await Read(link, cancellationToken);
        }
        catch (BuildFailure e)
        {
            log.Warning(
                "{Link}: could not read its title and state ({Reason}); the notes link it without them " +
                    "(--upstream-api-url, --upstream-token)",
                link.Reference, e.Message);
            return null;
        }
    }

    public async Task<UpstreamStatus> Read(UpstreamLink link, CancellationToken cancellationToken)
    {
        try
        {
            var issue = await retry.Run($"read {link.Reference}",
                _ => client.Issue.Get(link.Repository.Owner, link.Repository.Name, link.Number), cancellationToken);
            if (issue.PullRequest is null && !link.IsPullRequest)
                return new UpstreamStatus(link, issue.Title, issue.State.StringValue, false, null);

            var pull = await retry.Run($"read pull request {link.Reference}",
                _ => client.PullRequest.Get(link.Repository.Owner, link.Repository.Name, link.Number),
                    cancellationToken);
            if (!pull.Merged) return new UpstreamStatus(link, pull.Title, pull.State.StringValue, false, null);
            var releasedIn = await LatestReleaseContaining(link.Repository, pull.MergeCommitSha, cancellationToken);
            return new UpstreamStatus(link, pull.Title, "merged", releasedIn is not null, releasedIn);
        }
        catch (BuildFailure e) when (e.InnerException is NotFoundException)
        {
            log.Warning("{Link}: upstream has no such issue or pull request", link.Url);
            return new UpstreamStatus(link, null, "not found", false, null);
        }
    }

    /// <summary>The latest upstream release's tag if it contains <paramref name="commit"/> (compare: behind or
    /// identical).</summary>
    private async Task<string?> LatestReleaseContaining(GitHubRepository repository, string? commit,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(commit)) return null;
        try
        {
            var latest = await retry.Run($"read the latest release of {repository}",
                _ => client.Repository.Release.GetLatest(repository.Owner, repository.Name), cancellationToken);
            var compare =
                await retry.Run(
                    $"compare {latest.TagName} with {commit[..Math.Min(12, commit.Length)]} in {repository}",
                _ => client.Repository.Commit.Compare(repository.Owner, repository.Name, latest.TagName, commit),
                    cancellationToken);
            return compare.Status is "behind" or "identical" ? latest.TagName : null;
        }
        catch (BuildFailure e) when (e.InnerException is NotFoundException)
        {
            return null; // no release upstream yet
        }
    }
}

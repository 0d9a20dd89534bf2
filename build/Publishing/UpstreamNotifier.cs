using OpenH264Build.Git;
using Octokit;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>
/// Leaves one comment on each upstream issue a patch fixes, pointing at the release that carries the patch.
/// A hidden marker names our repository, so a later release edits that comment instead of adding another.
/// </summary>
public sealed class UpstreamNotifier(IGitHubClient client, GitHubRetry retry, ILogger log)
{
    public static string Marker(GitHubRepository ours) => $"<!-- openh264-build:release-notice {ours} -->";

    public static string Body(GitHubRepository ours, Versioning.ReleaseTag version, string releaseUrl,
        IEnumerable<string> patchNames) =>
        $"{Marker(ours)}\nA patched OpenH264 build that carries a fix for this " +
            $"({string.Join(", ", patchNames.Select(p => $"`{p}`"))}) is published as " +
        $"[{ours} {version.Tag}]({releaseUrl}). This comment is updated when a newer release is made.";

    public async Task Notify(UpstreamLink link, string body, GitHubRepository ours, bool dryRun,
        CancellationToken cancellationToken)
    {
        var (owner, name) = (link.Repository.Owner, link.Repository.Name);
        var comments = await retry.Run($"list the comments of {link.Reference}", _ =>
            client.Issue.Comment.GetAllForIssue(owner, name, link.Number, new ApiOptions { PageSize = 100 }),
                cancellationToken);
        var earlier = comments.FirstOrDefault(c => c.Body?.Contains(Marker(ours), StringComparison.Ordinal) == true);

        if (earlier is not null && earlier.Body == body)
        {
            log.Information("{Link}: our comment is up to date", link.Reference);
            return;
        }
        if (dryRun)
        {
            log.Information(earlier is null ? "[dry-run] would comment on {Link}:\n{Body}"
                : "[dry-run] would update our comment on {Link} to:\n{Body}", link.Reference, body);
            return;
        }
        if (earlier is null)
        {
            await retry.Run($"comment on {link.Reference}",
                _ => client.Issue.Comment.Create(owner, name, link.Number, body), cancellationToken);
            log.Information("{Link}: commented with a link to the release", link.Reference);
        }
        else
        {
            await retry.Run($"update our comment on {link.Reference}",
                _ => client.Issue.Comment.Update(owner, name, earlier.Id, body), cancellationToken);
            log.Information("{Link}: updated our earlier comment", link.Reference);
        }
    }
}

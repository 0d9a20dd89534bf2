using Octokit;
using OpenH264Build.Git;
using OpenH264Build.Patching;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>
/// Sends upstream a patch marked <c>Forwarded: no</c>: opens an issue with its description and the patch,
/// then prints the header change (<c>Forwarded: &lt;issue URL&gt;</c>) as a diff to commit. It pushes nothing.
/// A hidden marker per patch finds an issue opened by an earlier run, so none is opened twice.
/// </summary>
public sealed class UpstreamForwarder(IGitHubClient client, GitHubRetry retry, ILogger log)
{
    public static string Marker(SeriesPatch patch) => $"<!-- openh264-build:forwarded-patch {patch.Name} -->";

    /// <summary>Returns the issue's address (or null in a dry run when none exists yet).</summary>
    public async Task<string?> Forward(SeriesPatch patch, GitHubRepository upstream, string patchPathInRepository,
        bool dryRun, CancellationToken cancellationToken)
    {
        var user = await retry.Run("read the token's user", _ => client.User.Current(), cancellationToken);
        var mine = await retry.Run($"list our issues in {upstream}",
            _ => client.Issue.GetAllForRepository(upstream.Owner, upstream.Name,
            new RepositoryIssueRequest { Creator = user.Login, State = ItemStateFilter.All },
                new ApiOptions { PageSize = 100 }), cancellationToken);
        var issue = mine.FirstOrDefault(i => i.Body?.Contains(Marker(patch), StringComparison.Ordinal) == true);
        string? url = issue?.HtmlUrl;

        if (issue is not null) log.Information("{Patch}: already forwarded as {Url}", patch.Name, url);
        else if (
            dryRun) log.Information(
                "[dry-run] would open an issue in {Upstream} titled \"{Title}\" with the patch {Patch}", upstream,
                    patch.Header.Title, patch.Name);
        else
        {
            var body = $"{patch.Header.Description}\n\nThe patch (author: " +
                $"{patch.Header.Author}):\n\n```diff\n{patch.Text.TrimEnd()}\n```\n\n{Marker(patch)}";
            issue = await retry.Run($"open an issue in {upstream}",
                _ => client.Issue.Create(upstream.Owner, upstream.Name,
                    new NewIssue(patch.Header.Title) { Body = body }), cancellationToken);
            url = issue.HtmlUrl;
            log.Information("{Patch}: forwarded upstream as {Url}", patch.Name, url);
        }

        if (url is not null && ForwardedSuggestion(patch, patchPathInRepository, url) is { } diff)
            log.Information(
                "Commit this change to record where {Patch} was forwarded (not pushed by the build):\n{Diff}",
                    patch.Name, diff);
        return url;
    }

    /// <summary>A unified diff that sets the patch's <c>Forwarded:</c> field to <paramref name="url"/>, ready for
    /// <c>git apply</c>.</summary>
    public static string? ForwardedSuggestion(SeriesPatch patch, string patchPathInRepository, string url)
    {
        var lines = patch.Text.Replace("\r\n", "\n").Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith("Forwarded:", StringComparison.OrdinalIgnoreCase));
        if (index < 0) return null;
        var from = Math.Max(0, index - 3);
        var to = Math.Min(lines.Length - 1, index + 3);
        var count = to - from + 1;
        var diff = new List<string>
        {
            $"--- a/{patchPathInRepository}", $"+++ b/{patchPathInRepository}", $"@@ -{from + 1},{count} " +
                $"+{from + 1},{count} @@",
        };
        for (var i = from; i <= to; i++)
        {
            if (i == index) { diff.Add("-" + lines[i]); diff.Add($"+Forwarded: {url}"); }
            else diff.Add(" " + lines[i]);
        }
        return string.Join('\n', diff) + "\n";
    }
}

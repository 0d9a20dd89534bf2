using System.Text.RegularExpressions;
using OpenH264Build.Git;

namespace OpenH264Build.Publishing;

/// <summary>A <c>Bug:</c> address that names a GitHub issue or pull request: owner/name#number.</summary>
public sealed partial record UpstreamLink(string Url, GitHubRepository Repository, int Number, bool IsPullRequest)
{
    public string Reference => $"{Repository}#{Number}";

    public static UpstreamLink? TryParse(string url)
    {
        var match = Pattern().Match(url.Trim());
        if (!match.Success) return null;
        return new UpstreamLink(url.Trim(), new GitHubRepository(match.Groups["owner"].Value,
            match.Groups["name"].Value),
            int.Parse(match.Groups["number"].Value), match.Groups["kind"].Value == "pull");
    }

    [GeneratedRegex(
        @"^https?://[^/]+/(?<owner>[\w.-]+)/(?<name>[\w.-]+)/(?<kind>issues|pull)/(?<number>\d+)(?:[/?#].*)?$")]
    private static partial Regex Pattern();
}

/// <summary>What upstream says about a link: title, open / closed / merged, and whether a release carries the
/// fix.</summary>
public sealed record UpstreamStatus(UpstreamLink Link, string? Title, string State, bool MergedAndReleased,
    string? ReleasedIn)
{
    /// <summary>The patch duplicates what upstream has released: a candidate to drop from the series.</summary>
    public bool CandidateToDrop => MergedAndReleased;
}

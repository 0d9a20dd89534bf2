using System.Text.RegularExpressions;

namespace OpenH264Build.Patching;

/// <summary>An upstream address of a patch, by the DEP-3 field it came from: bug, forwarded, origin,
/// applied-upstream.</summary>
public sealed record PatchLink(string Kind, string Url);

/// <summary>
/// Every upstream address a DEP-3 header gives, for the release notes and the report: <c>Bug</c> (and
/// <c>Bug-&lt;vendor&gt;</c>), <c>Forwarded: &lt;url&gt;</c>, <c>Origin: [category, ]&lt;url or commit&gt;</c> and
/// <c>Applied-Upstream: [version, ]&lt;url or commit&gt;</c>. A commit id (bare, or <c>commit:&lt;id&gt;</c>) becomes a
/// link to that commit in the upstream repository. The same address is listed once, under its first field.
/// </summary>
public static partial class PatchLinks
{
    public const string DefaultUpstream = "https://github.com/cisco/openh264";

    public static IReadOnlyList<PatchLink> Of(Dep3Header header, string upstreamWebUrl = DefaultUpstream)
    {
        var links = new List<PatchLink>();
        void Add(string kind, IEnumerable<string> values, bool commits)
        {
            foreach (var url in values.SelectMany(v => Addresses(v, commits, upstreamWebUrl)))
                if (!links.Any(l => l.Url == url)) links.Add(new PatchLink(kind, url));
        }
        Add("bug", header.Bugs, commits: false);
        Add("forwarded", header.GetAll("Forwarded"), commits: false);
        Add("origin", header.GetAll("Origin"), commits: true);
        Add("applied-upstream", header.GetAll("Applied-Upstream"), commits: true);
        return links;
    }

    /// <summary>The web address of a commit upstream.</summary>
    public static string CommitUrl(string upstreamWebUrl,
        string commit) => $"{upstreamWebUrl.TrimEnd('/')}/commit/{commit.ToLowerInvariant()}";

    private static IEnumerable<string> Addresses(string value, bool commits, string upstreamWebUrl)
    {
        foreach (var word in value.Split([' ', ',', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var token = word.Trim('<', '>', '(', ')');
            if (Url().IsMatch(token)) yield return token.TrimEnd('.', ';');
            else if (commits && Commit().Match(token) is { Success: true } c) yield return CommitUrl(upstreamWebUrl,
                c.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"^https?://\S+$", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"^(?:commit:)?([0-9a-fA-F]{7,40})$")]
    private static partial Regex Commit();
}

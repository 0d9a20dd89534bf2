using OpenH264Build.Engine;

namespace OpenH264Build.Versioning;

/// <summary>
/// The package version: <c>&lt;upstream&gt;-&lt;n&gt;</c> for the n-th patched release of an upstream version
/// (2.3.1-1), taken from a <c>v2.3.1-1</c> tag on the commit being built; anything else is a development build
/// and says so: <c>2.3.1-dev.&lt;commit&gt;</c>.
/// </summary>
public sealed record ReleaseVersion(string Upstream, int? PatchRelease, string? Commit)
{
    public bool IsDevelopment => PatchRelease is null;

    public override string ToString() => PatchRelease is { } n
        ? $"{Upstream}-{n}"
        : $"{Upstream}-dev" + (Commit is null ? "" : "." + Commit[..Math.Min(12, Commit.Length)]);

    public string Tag => IsDevelopment ? throw new InvalidOperationException("a development version has no tag")
        : $"v{this}";

    /// <summary>Parses <c>2.3.1-1</c> or <c>v2.3.1-1</c> (as <see cref="ReleaseTag"/> reads it); the upstream part must
    /// be the pinned version.</summary>
    public static ReleaseVersion Parse(string text, string pinnedUpstream, string? commit = null)
    {
        if (!ReleaseTag.TryParse(text, out var tag))
        {
            if (text.Trim().TrimStart('v') is var dev && dev.StartsWith(pinnedUpstream + "-dev"))
                return new ReleaseVersion(pinnedUpstream, null, commit);
            throw new BuildFailure(
                $"'{text}' is not a release version: expected <upstream>-<n>, e.g. {pinnedUpstream}-1");
        }
        var upstream = tag.Upstream.ToString();
        if (upstream != pinnedUpstream)
            throw new BuildFailure(
                $"Version {text} is for upstream {upstream}, but native/source.json pins {pinnedUpstream}");
        return new ReleaseVersion(upstream, tag.PatchRelease, commit);
    }

    /// <summary>The release version from the tags that point at HEAD, or a development version.</summary>
    public static ReleaseVersion FromTags(IEnumerable<string> tagsAtHead, string pinnedUpstream, string? commit)
    {
        var release = tagsAtHead.Select(t => ReleaseTag.TryParse(t, out var tag) ? tag : null)
            .FirstOrDefault(tag => tag is not null && tag.Upstream.ToString() == pinnedUpstream);
        return new ReleaseVersion(pinnedUpstream, release?.PatchRelease, commit);
    }
}

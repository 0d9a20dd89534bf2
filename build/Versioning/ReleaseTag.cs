using OpenH264Build.Engine;
using Semver;

namespace OpenH264Build.Versioning;

/// <summary>
/// The tag of a release being published (<see cref="ReleaseVersion"/> names what is built, and reads its release
/// versions with <see cref="TryParse"/>): the upstream version it patches and our patch release number, tagged
/// <c>v2.3.1-1</c>. Semantic-version rules order them, so v2.3.1-2 follows v2.3.1-1 and v2.4.0-1 follows both.
/// </summary>
public sealed record ReleaseTag(SemVersion Upstream, int PatchRelease)
{
    public string PackageVersion => $"{Upstream}-{PatchRelease}";
    public string Tag => "v" + PackageVersion;
    public SemVersion Semantic => SemVersion.Parse(PackageVersion, SemVersionStyles.Strict);

    public override string ToString() => Tag;

    /// <summary>Reads a tag (<c>v2.3.1-1</c>) or a package version (<c>2.3.1-1</c>); anything else is
    /// refused.</summary>
    public static ReleaseTag Parse(string text)
    {
        if (TryParse(text, out var version)) return version;
        // A development version (2.3.1-0.dev.5+g1a2b3c, 2.3.1-1~dev) must never become a release, and says so.
        if (text.Contains("dev", StringComparison.OrdinalIgnoreCase))
            throw new BuildFailure($"'{text}' is a development version: only a release tag v<upstream>-<n> (e.g. " +
                $"v2.3.1-1) is published");
        throw new BuildFailure($"'{text}' is not a release version: expected a tag v<upstream>-<n>, e.g. v2.3.1-1");
    }

    /// <summary>
    /// The tag a release is published under: <paramref name="packageVersion"/> (--package-version) if given, else the
    /// one release tag among <paramref name="tagsAtHead"/>. A development version, no release tag and several are
    /// refused: a release never falls back to a development version as a build does (<see cref="ReleaseVersion"/>).
    /// </summary>
    public static ReleaseTag Resolve(string? packageVersion, IEnumerable<string> tagsAtHead)
    {
        if (!string.IsNullOrWhiteSpace(packageVersion)) return Parse(packageVersion);
        var tags = tagsAtHead.Select(t => TryParse(t, out var v) ? v : null).OfType<ReleaseTag>().ToList();
        return tags.Count switch
        {
            1 => tags[0],
            0 => throw new BuildFailure(
                "HEAD has no release tag v<upstream>-<n> (e.g. v2.3.1-1): tag the commit, or pass --package-version"),
            _ => throw new BuildFailure($"HEAD has several release tags ({string.Join(", ", tags)}): pass " +
                $"--package-version to choose one"),
        };
    }

    public static bool TryParse(string? text, out ReleaseTag version)
    {
        version = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('v')) trimmed = trimmed[1..];
        if (!SemVersion.TryParse(trimmed, SemVersionStyles.Strict, out var parsed)) return false;
        // Exactly one numeric pre-release identifier, at least 1, and no build metadata: "2.3.1-1".
        if (parsed.MetadataIdentifiers.Count > 0 || parsed.PrereleaseIdentifiers.Count != 1) return false;
        if (!int.TryParse(parsed.Prerelease, out var patchRelease) || patchRelease < 1) return false;
        version = new ReleaseTag(parsed.WithoutPrereleaseOrMetadata(), patchRelease);
        return true;
    }

    /// <summary>Orders versions: upstream version first, then patch release.</summary>
    public static int Compare(ReleaseTag a, ReleaseTag b)
    {
        var upstream = SemVersion.ComparePrecedence(a.Upstream, b.Upstream);
        return upstream != 0 ? upstream : a.PatchRelease.CompareTo(b.PatchRelease);
    }

    /// <summary>Refuses a tag whose upstream part is not the pinned source's version.</summary>
    public void EnsureMatches(string pinnedUpstreamVersion)
    {
        if (!SemVersion.TryParse(pinnedUpstreamVersion, SemVersionStyles.Strict, out var pinned)
            || SemVersion.ComparePrecedence(pinned, Upstream) != 0)
            throw new BuildFailure(
                $"tag {Tag} is for upstream {Upstream}, but native/source.json pins upstream {pinnedUpstreamVersion}");
    }
}

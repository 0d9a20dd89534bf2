using System.Text.RegularExpressions;
using OpenH264Build.Engine;
using OpenH264Build.Versioning;

namespace OpenH264Build.Formats;

/// <summary>
/// The Debian version of the fleet packages. They replace the distribution's libopenh264-7 in place, so their
/// version is the distribution's with a site suffix: <c>2.3.1+dfsg-3+deb12u2+fleet1</c> sorts above
/// <c>2.3.1+dfsg-3+deb12u2</c> (apt upgrades to it) and below <c>2.3.1+dfsg-3+deb12u3</c> (the distribution's next
/// security update still wins). A development build gets <c>+fleet0~dev.&lt;commit&gt;</c>, below every release.
/// </summary>
public static partial class DebianVersion
{
    /// <summary>The distribution package this build replaces (bookworm's current security update).</summary>
    public const string DistributionVersion = "2.3.1+dfsg-3+deb12u2";

    public static string For(ReleaseVersion version, string site, string distributionVersion = DistributionVersion)
    {
        if (!SitePattern().IsMatch(site))
            throw new BuildFailure($"--deb-site '{site}' must be lowercase letters only (it becomes part of a " +
                $"Debian version)");
        if (!distributionVersion.StartsWith(version.Upstream + "+", StringComparison.Ordinal))
            throw new BuildFailure($"The distribution package {distributionVersion} is not upstream " +
                $"{version.Upstream}: set --deb-distribution-version");
        var suffix = version.PatchRelease is { } n
            ? $"{site}{n}"
            : $"{site}0~dev" + (version.Commit is null ? "" : "." + version.Commit[..Math.Min(12,
                version.Commit.Length)]);
        return $"{distributionVersion}+{suffix}";
    }

    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex SitePattern();
}

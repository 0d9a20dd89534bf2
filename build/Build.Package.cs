using OpenH264Build.DebianPackaging;
using OpenH264Build.Engine;
using OpenH264Build.Packaging;

namespace OpenH264Build;

/// <summary>Package: the tarballs of each library, then the fleet's .debs and signed apt repository, into the staged dist.</summary>
partial class Build
{
    [Parameter("Site name in the Debian version of the fleet packages: 2.3.1+dfsg-3+deb12u2+<site><n> (lowercase letters)",
        ReadBy = [nameof(Package)])]
    readonly string DebSite = "fleet";

    [Parameter("Release key of the apt repository: an armored OpenPGP secret key file (OPENH264_REPOSITORY_KEY may hold its content); without one, a development key signs",
        ReadBy = [nameof(Package)]), Secret]
    readonly string? RepositoryKey;

    /// <summary>The signed apt repository the rollout installs from (served as a folder or over HTTP).</summary>
    static string AptRepositoryDirectory => Path.Combine(Paths.Artifacts, "apt");

    Task PackageLibraries() => Run(new PackageStage());

    async Task BuildFleetPackages()
    {
        // The key is read only here, by the stage that signs with it.
        var armored = RepositoryKey is null ? null : File.Exists(RepositoryKey) ? await File.ReadAllTextAsync(RepositoryKey) : RepositoryKey;
        await Run(new FleetPackagesStage(new FleetPackagesOptions(DebSite, armored, AptRepositoryDirectory)));
    }
}

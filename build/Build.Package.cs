using OpenH264Build.DebianPackaging;
using OpenH264Build.Engine;

namespace OpenH264Build;

/// <summary>Package: the tarballs of each library, then the fleet's .debs and their apt repository (unsigned: Sign
/// signs it), into the staged dist.</summary>
partial class Build
{
    [Parameter(
        "Site name in the Debian version of the fleet packages: 2.3.1+dfsg-3+deb12u2+<site><n> (lowercase letters)",
        ReadBy = [nameof(Package)])]
    readonly string DebSite = "fleet";

    /// <summary>The apt repository the rollout installs from (served as a folder or over HTTP): Package assembles it,
    /// Sign signs it.</summary>
    static string AptRepositoryDirectory => Path.Combine(Paths.Artifacts, "apt");


    FleetPackagesOptions FleetPackagesOptions => new(DebSite, AptRepositoryDirectory);
}

using OpenH264Build.Pipeline;

namespace OpenH264Build.DebianPackaging;

/// <summary>The fleet's packages: the manifest of the .debs (with their smoke digests) in the dist and the apt
/// repository.</summary>
public sealed record FleetPackages(FleetManifest Manifest) : IStageResult { public static string Producer =>
    "Package"; }

/// <summary>How the fleet packages are versioned (the site name in the Debian version) and where the repository
/// goes.</summary>
public sealed record FleetPackagesOptions(string Site, string AptRepositoryDirectory);

namespace OpenH264Build.DebianPackaging;

/// <summary>How the fleet packages are versioned (the site name in the Debian version) and where the repository
/// goes.</summary>
public sealed record FleetPackagesOptions(string Site, string AptRepositoryDirectory);

namespace OpenH264Build.Fleet;

/// <summary>A host of the inventory and the Debian architecture its library is for (amd64 or arm64).</summary>
public sealed record FleetHost(string Name, string Arch);

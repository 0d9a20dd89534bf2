namespace OpenH264Build.Fleet;

/// <summary>
/// A host of the inventory, the Debian architecture its library is for (amd64 or arm64), and the address ssh
/// connects to (its <c>ansible_host</c>, when it has one): the name known_hosts must know it by.
/// </summary>
public sealed record FleetHost(string Name, string Arch, string? Address = null);

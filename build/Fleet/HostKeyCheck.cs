using OpenH264Build.Engine;

namespace OpenH264Build.Fleet;

/// <summary>
/// Host keys are always checked, against one known_hosts file, and never turned off: a run that would need checking
/// off (no known_hosts, or an inventory that sets <c>StrictHostKeyChecking=no</c>) is refused before any host is
/// contacted, and a host whose key is unknown or changed is refused (failed, not unreachable), each time with the
/// command that fixes it once its fingerprint has been checked.
/// </summary>
public static class HostKeyCheck
{
    private static readonly string[] CheckingOff =
        ["StrictHostKeyChecking=no", "StrictHostKeyChecking no", "UserKnownHostsFile=/dev/null",
            "UserKnownHostsFile /dev/null"];

    public static void RefuseWithoutKnownHosts(string knownHosts, IReadOnlyList<FleetHost> hosts)
    {
        if (File.Exists(knownHosts) && new FileInfo(knownHosts).Length > 0) return;
        var example = hosts.Count > 0 ? hosts[0].Address ?? hosts[0].Name : "HOST";
        throw new BuildFailure($"No host keys to check in {knownHosts}, and the rollout never turns host key " +
            $"checking off: " +
                               $"check each host's fingerprint, then add it " +
                               $"(ssh-keyscan -H {example} >> {knownHosts}), " +
                               "or pass --known-hosts FILE");
    }

    /// <summary>The inventory variables that would turn checking off for a host (ansible_ssh_*_args,
    /// ansible_host_key_checking).</summary>
    public static void RefuseCheckingOff(string host, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            var off = name == "ansible_host_key_checking" ? value.Trim().ToLowerInvariant() is "false" or "no" or "0"
                : name.StartsWith("ansible_ssh", StringComparison.Ordinal)
                    && CheckingOff.Any(o => value.Contains(o, StringComparison.OrdinalIgnoreCase));
            if (off)
                throw new BuildFailure(
                    $"Inventory host {host}: {name} turns host key checking off, which the rollout " +
                    $"refuses: remove it, " +
                                       "check the host's fingerprint and add its key to the known_hosts " +
                                           "file (ssh-keyscan -H)");
        }
    }

    /// <summary>Whether ssh's complaint says the host's key is unknown or changed (not that the host is
    /// down).</summary>
    public static bool IsHostKeyRefusal(string reason) =>
        reason.Contains("Host key verification failed", StringComparison.Ordinal)
        || reason.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal)
        || reason.Contains("host key is known", StringComparison.OrdinalIgnoreCase);

    public static string Refusal(FleetHost host, string knownHosts) =>
        $"host key of {host.Name} ({host.Address
            ?? host.Name}) is unknown or changed in {knownHosts}: refused; check " +
            $"its fingerprint, " +
        $"then ssh-keyscan -H {host.Address ?? host.Name} >> {knownHosts}";
}

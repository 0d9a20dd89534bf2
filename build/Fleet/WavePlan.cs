using System.Security.Cryptography;
using System.Text;

namespace OpenH264Build.Fleet;

/// <summary>One wave: its name (canary, 1 %, ...) and its hosts.</summary>
public sealed record Wave(string Name, IReadOnlyList<FleetHost> Hosts)
{
    /// <summary>"2 amd64, 1 arm64": what a wave holds, without a host name (a 14,000-host plan stays
    /// readable).</summary>
    public string CountsPerArch() =>
        string.Join(", ", Hosts.GroupBy(h => h.Arch).OrderBy(g => g.Key,
            StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
}

/// <summary>
/// The order of a rollout: one canary per architecture first, then growing waves that each bring the share of every
/// architecture done up to 1 %, 5 %, 25 % and 100 %. Each architecture's hosts are shuffled by a seed (recorded in
/// the ledger) and every wave takes from each architecture in proportion, so the first waves test both arches, not
/// whichever names sort first. Shares are of the whole inventory, so a resumed run (whose finished hosts are left
/// out) keeps the same waves with the same seed; a wave that would be empty is dropped.
/// </summary>
public static class WavePlan
{
    public static readonly int[] Percentages = [1, 5, 25, 100];

    public static IReadOnlyList<Wave> For(IReadOnlyList<FleetHost> inventory, ISet<string> finished, int seed)
    {
        var byArch = inventory.GroupBy(h => h.Arch).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(h => ShuffleKey(seed, h.Name)).ThenBy(h => h.Name,
                StringComparer.Ordinal).ToList()).ToList();
        var waves = new List<Wave> { new("canary", byArch.Select(hosts => hosts[0]).ToList()) };
        var taken = byArch.Select(_ => 1).ToArray();
        foreach (var percent in Percentages)
        {
            var hosts = new List<FleetHost>();
            for (var arch = 0; arch < byArch.Count; arch++)
            {
                // Canaries count towards the shares: a wave brings each arch's total done up to its percentage.
                var all = byArch[arch];
                var upTo = Math.Min(all.Count, Math.Max(taken[arch], (int)Math.Ceiling(all.Count * percent / 100.0)));
                hosts.AddRange(all.GetRange(taken[arch], upTo - taken[arch]));
                taken[arch] = upTo;
            }
            waves.Add(new Wave($"{percent} %", hosts));
        }
        return waves.Select(w => w with { Hosts = w.Hosts.Where(h => !finished.Contains(h.Name)).ToList() })
            .Where(w => w.Hosts.Count > 0).ToList();
    }

    /// <summary>The seed of a new ledger when none is given: from the version, so a dry run shows the waves the run
    /// takes.</summary>
    public static int SeedFor(string version) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8
        .GetBytes(version)), 0) & int.MaxValue;

    private static ulong ShuffleKey(int seed, string name) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{name}")), 0);
}

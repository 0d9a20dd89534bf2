namespace OpenH264Build.Fleet;

/// <summary>One wave: its name (canary, 1 %, ...) and its hosts.</summary>
public sealed record Wave(string Name, IReadOnlyList<FleetHost> Hosts);

/// <summary>
/// The order of a rollout: one canary per architecture first, then growing waves that each bring the share of the
/// fleet done up to 1 %, 5 %, 25 % and 100 %. Shares are of the whole inventory, so a resumed run (whose finished
/// hosts are left out) keeps the same wave boundaries; a wave that would be empty is dropped.
/// </summary>
public static class WavePlan
{
    public static readonly int[] Percentages = [1, 5, 25, 100];

    public static IReadOnlyList<Wave> For(IReadOnlyList<FleetHost> inventory, ISet<string> finished)
    {
        var ordered = inventory.OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var canaries = ordered.GroupBy(h => h.Arch).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var rest = ordered.Except(canaries).ToList();
        var waves = new List<Wave> { new("canary", canaries) };
        var taken = 0;
        foreach (var percent in Percentages)
        {
            // Canaries count towards the shares: a wave brings the total done up to its percentage.
            var upTo = Math.Max(taken, (int)Math.Ceiling(ordered.Count * percent / 100.0) - canaries.Count);
            upTo = Math.Min(upTo, rest.Count);
            waves.Add(new Wave($"{percent} %", rest.Skip(taken).Take(upTo - taken).ToList()));
            taken = upTo;
        }
        return waves.Select(w => w with { Hosts = w.Hosts.Where(h => !finished.Contains(h.Name)).ToList() })
            .Where(w => w.Hosts.Count > 0).ToList();
    }
}

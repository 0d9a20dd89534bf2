using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Fleet;

/// <summary>
/// Reads an Ansible inventory (any format Ansible reads) through <c>ansible-inventory --list</c>. A host's
/// architecture is its <c>openh264_arch</c> variable (amd64 or arm64), else the group it is in (amd64, arm64,
/// x86_64 or aarch64); the play checks it against the host's dpkg before touching anything. A host name outside
/// <c>[A-Za-z0-9._-]</c> is refused (names reach file names and commands on the controller), and so is an inventory
/// that turns host key checking off.
/// </summary>
public static partial class FleetInventory
{
    public static async Task<IReadOnlyList<FleetHost>> ReadAsync(string inventory, CancellationToken ct)
    {
        if (!File.Exists(inventory)) throw new BuildFailure($"--inventory {inventory} does not exist");
        var result = await HostProgram.RunAsync("ansible-inventory", ["-i", inventory, "--list"],
            new() { AllowFailure = true }, ct);
        if (result.ExitCode != 0 || JsonNode.Parse(result.StandardOutput) is not JsonObject list)
            throw new BuildFailure(
                $"ansible-inventory could not read {inventory}: {HostProgram.LastLine(result.StandardError)}");
        return Parse(list);
    }

    public static IReadOnlyList<FleetHost> Parse(JsonObject list)
    {
        var hostVars = list["_meta"]?["hostvars"]?.AsObject() ?? new JsonObject();
        var groupOf = new Dictionary<string, string>();
        foreach (var (group, arch) in new[] { ("amd64", "amd64"), ("x86_64", "amd64"), ("arm64", "arm64"), ("aarch64",
            "arm64") })
            foreach (var host in list[group]?["hosts"]?.AsArray() ?? [])
                groupOf[host!.GetValue<string>()] = arch;
        var hosts = AllHosts(list).Select(name => Host(name, hostVars[name] as JsonObject,
            groupOf.GetValueOrDefault(name)));
        return hosts.OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
    }

    private static FleetHost Host(string name, JsonObject? variables, string? groupArch)
    {
        if (!SafeName().IsMatch(name))
            throw new BuildFailure($"Inventory host name '{name}' has characters outside A-Z a-z 0-9 . _ -: " +
                                   "name it with those (its address can go in ansible_host)");
        var strings = (variables ?? []).Where(v => v.Value is JsonValue value
            && value.GetValueKind() is JsonValueKind.String or JsonValueKind.False)
            .ToDictionary(v => v.Key, v => v.Value!.ToString(), StringComparer.Ordinal);
        HostKeyCheck.RefuseCheckingOff(name, strings);
        var arch = strings.GetValueOrDefault("openh264_arch") ?? groupArch
            ?? throw new BuildFailure(
                $"Inventory host {name} has no architecture: set openh264_arch (amd64 or arm64) " +
                $"or put it in group amd64/arm64");
        if (arch is not (
            "amd64" or "arm64")) throw new BuildFailure($"Inventory host {name}: openh264_arch '{arch}' is neither " +
                $"amd64 nor arm64");
        return new FleetHost(name, arch, strings.GetValueOrDefault("ansible_host"));
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();

    private static IEnumerable<string> AllHosts(JsonObject list)
    {
        var seen = new HashSet<string>();
        var pending = new Queue<string>(["all"]);
        while (pending.TryDequeue(out var group))
        {
            foreach (var host in list[group]?["hosts"]?.AsArray() ?? []) seen.Add(host!.GetValue<string>());
            foreach (var child in list[group]?["children"]?.AsArray() ?? []) pending.Enqueue(child!.GetValue<string>());
        }
        return seen;
    }
}

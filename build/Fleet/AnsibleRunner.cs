using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenH264Build.Processes;
using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>
/// Runs one playbook of deploy/ for one wave (<c>--limit</c> to its hosts) and collects each host's result file.
/// A host that wrote none was never reached (or stopped answering): it is reported unreachable with Ansible's own
/// reason for it.
/// </summary>
public sealed partial class AnsibleRunner(AnsibleSettings settings)
{
    public string ScratchDirectory => settings.ScratchDirectory;

    public async Task<IReadOnlyList<HostResult>> RunAsync(string playbook, IReadOnlyList<FleetHost> hosts,
        JsonObject variables, string wave,
        CancellationToken ct)
    {
        var folder = Path.Combine(settings.ScratchDirectory, "results-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(settings.ScratchDirectory, "cp"));
        Directory.CreateDirectory(Path.Combine(settings.ScratchDirectory, "tmp"));
        if (!File.Exists(settings.ConfigFile)) await File.WriteAllTextAsync(settings.ConfigFile, "", ct);
        variables["fleet_result_folder"] = folder;
        var varsFile = Path.Combine(folder, "vars.json");
        await File.WriteAllTextAsync(varsFile, variables.ToJsonString(), ct);
        var run = await HostProgram.RunAsync("ansible-playbook",
            ["-i", settings.Inventory, "--limit", string.Join(',', hosts.Select(h => h.Name)), "-e", "@" + varsFile,
             Path.Combine(settings.PlaybookDirectory, playbook)],
            new() { Environment = settings.Environment, Inherit = AnsibleSettings.Inherited, AllowFailure = true }, ct);
        Log.Debug("ansible-playbook {Playbook} ({Wave}) exited with {Code}", playbook, wave, run.ExitCode);
        var unreachable = UnreachableReasons(run.StandardOutput);
        var results = hosts.Select(host => ReadResult(folder, host, wave) ?? NoResult(host, wave,
            unreachable.GetValueOrDefault(host.Name)
                ?? $"no result from the host: {LastError(run.StandardOutput + run.StandardError, host.Name)}"))
            .ToList();
        Directory.Delete(folder, recursive: true);
        return results;
    }

    /// <summary>
    /// A host that wrote no result: unreachable (tried again next run), unless ssh refused its host key, which is no
    /// outage but a host this rollout must not trust: failed, with the command that fixes it.
    /// </summary>
    private HostResult NoResult(FleetHost host, string wave, string reason)
    {
        var keyRefused = HostKeyCheck.IsHostKeyRefusal(reason);
        return new HostResult
        {
            Host = host.Name, Arch = host.Arch, Wave = wave, FinishedAt = DateTimeOffset.UtcNow,
            State = keyRefused ? HostResult.Failed : HostResult.Unreachable,
            Error = keyRefused ? HostKeyCheck.Refusal(host, settings.KnownHosts) : reason,
        };
    }

    private static HostResult? ReadResult(string folder, FleetHost host, string wave)
    {
        var path = Path.Combine(folder, host.Name + ".json");
        if (!File.Exists(path)) return null;
        var result = JsonSerializer.Deserialize<HostResult>(File.ReadAllText(path))!;
        return result with { Wave = wave, FinishedAt = DateTimeOffset.UtcNow,
            Error = string.IsNullOrWhiteSpace(result.Error) ? null : result.Error };
    }

    /// <summary>Ansible's one-line reason per unreachable host, from the default output: <c>fatal: [h]: UNREACHABLE! =>
    /// {...}</c>.</summary>
    public static Dictionary<string, string> UnreachableReasons(string output)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in UnreachableLine().Matches(output))
        {
            string reason;
            try { reason = JsonNode.Parse(match.Groups["json"].Value)?["msg"]?.GetValue<string>() ?? "unreachable"; }
            catch (JsonException) { reason = match.Groups["json"].Value; }
            // ssh's own chatter ("Warning: Permanently added ...") is not the reason.
            var cleaned = KnownHostsWarning().Replace(reason, "");
            reasons[match.Groups["host"].Value] = "unreachable: " + string.Join(" ",
                cleaned.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return reasons;
    }

    /// <summary>Ansible's last complaint about a host (or about the play), so a host without a result still says
    /// why.</summary>
    private static string LastError(string output, string host) =>
        output.Split('\n').LastOrDefault(l => l.Contains($"[{host}]", StringComparison.Ordinal)
            && l.StartsWith("fatal", StringComparison.Ordinal)
                                               || l.StartsWith("ERROR!", StringComparison.Ordinal))?.Trim()
                                                   ?? "the play stopped before it reported";

    [GeneratedRegex(@"Warning: Permanently added '[^']*' \([^)]*\) to the list of known hosts\.\s*")]
    private static partial Regex KnownHostsWarning();

    [GeneratedRegex(@"^fatal: \[(?<host>[^\]]+)\]: UNREACHABLE! => (?<json>.*)$", RegexOptions.Multiline)]
    private static partial Regex UnreachableLine();
}

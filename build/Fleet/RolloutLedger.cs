using System.Text.Json;
using OpenH264Build.Engine;

namespace OpenH264Build.Fleet;

/// <summary>
/// The rollout's memory, one file per target version: each host's last result. A re-run skips every host that is
/// done, so no host is ever redone; hosts that failed or were unreachable are tried again. Written after every
/// wave (to a temporary file, then renamed), so an interrupted run loses at most the wave it was in. It keeps the
/// seed the waves were shuffled with, so a resumed run takes the same waves, and for each host the sha256 of the
/// package kept for its rollback.
/// </summary>
public sealed class RolloutLedger
{
    public const int SchemaVersion = 2;
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public int Schema { get; init; } = SchemaVersion;
    public required string Version { get; init; }
    public int Seed { get; init; }
    public Dictionary<string, HostResult> Hosts { get; init; } = new(StringComparer.Ordinal);

    public ISet<string> Finished => Hosts.Values.Where(h => h.State == HostResult.Done).Select(h => h.Host).ToHashSet();

    public static RolloutLedger LoadOrStart(string path, string version, int? seed = null)
    {
        if (!File.Exists(path)) return new RolloutLedger { Version = version, Seed = seed
            ?? WavePlan.SeedFor(version) };
        var ledger = JsonSerializer.Deserialize<RolloutLedger>(File.ReadAllText(path), Options)
                     ?? throw new BuildFailure($"The rollout ledger {path} is empty");
        if (ledger.Schema != SchemaVersion)
            throw new BuildFailure(
                $"The rollout ledger {path} has schema {ledger.Schema}; this build reads {SchemaVersion}");
        if (ledger.Version != version)
            throw new BuildFailure($"The rollout ledger {path} is for version {ledger.Version}, not {version}: use " +
                $"another --ledger");
        if (seed is { } asked && asked != ledger.Seed)
            throw new BuildFailure($"The rollout ledger {path} shuffled its waves with seed {ledger.Seed}, not " +
                $"{asked}: drop --wave-seed to resume it");
        return ledger;
    }

    public void Record(IEnumerable<HostResult> results)
    {
        foreach (var result in results) Hosts[result.Host] = result;
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}

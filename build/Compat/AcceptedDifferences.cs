using System.Text.Json;
using OpenH264Build.Host;

namespace OpenH264Build.Compat;

/// <summary>
/// native/compat/accepted.json, a reviewed file: the only way a patch may change what the library outputs. Each
/// entry names the stream, what changes (decode or encode), optionally the arch, the new digest (the candidate's
/// decode digest, or its encoded bitstream's sha256), and why (the patch).
/// </summary>
public sealed record AcceptedDifferences(IReadOnlyList<AcceptedDifference> Accepted)
{
    public static AcceptedDifferences Empty { get; } = new([]);

    public static AcceptedDifferences Load(string path)
    {
        if (!File.Exists(path)) return Empty;
        try
        {
            var file = JsonSerializer.Deserialize<AcceptedDifferences>(File.ReadAllText(path), CorpusManifest.Json);
            var entries = file?.Accepted ?? [];
            foreach (var entry in entries)
                if (string.IsNullOrWhiteSpace(entry.Stream) || string.IsNullOrWhiteSpace(entry.Digest)
                    || string.IsNullOrWhiteSpace(entry.Reason))
                    throw new Engine.BuildFailure("Every accepted difference needs stream, digest and reason", path);
            return new AcceptedDifferences(entries);
        }
        catch (JsonException e) { throw new Engine.BuildFailure(
            $"The accepted differences file is not valid: {e.Message}", path); }
    }

    public AcceptedDifference? Find(string stream, string kind, TargetArch arch, string digest) =>
        Accepted.FirstOrDefault(a => a.Stream == stream && a.Kind == kind && (a.Arch is null || a.Arch == arch.Name())
            && string.Equals(a.Digest, digest, StringComparison.OrdinalIgnoreCase));
}

public sealed record AcceptedDifference(string Stream, string Digest, string Reason, string Kind = "decode",
    string? Arch = null, string? Patch = null);

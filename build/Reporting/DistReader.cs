using System.Text;
using System.Text.Json;
using OpenH264Build.Dist;

namespace OpenH264Build.Reporting;

/// <summary>
/// What the dist folder holds, for the page, from the one model of the dist (<see cref="Dist"/>): each file with its
/// size and sha256, whether SHA256SUMS is signed and verified by a public key shipped beside it (by the one
/// <see cref="DistVerifier"/>), and the provenance files.
/// </summary>
public static class DistReader
{
    /// <summary>The dist, or null when there is none to show.</summary>
    public static DistFolder? Open(string? distDirectory) =>
        distDirectory is null || !Directory.Exists(distDirectory) ? null : DistFolder.Open(distDirectory);

    public static IReadOnlyList<PackageFile> Packages(DistFolder? dist) =>
        dist is null ? [] : dist.Files.Select(f => new PackageFile(f.Name, f.Size, f.Sha256)).ToList();

    public static IReadOnlyList<PackageFile> Packages(string? distDirectory) => Packages(Open(distDirectory));

    public static SignatureStatus Signature(DistFolder? dist)
    {
        if (dist is null) return new SignatureStatus(
            SignatureState.Unsigned, $"no {DistFolder.ChecksumsFile} in the dist");
        var check = new DistVerifier(Serilog.Core.Logger.None).CheckSignature(dist);
        var state = check.State switch
        {
            SignatureCheckState.Verified => SignatureState.Verified,
            SignatureCheckState.NotVerified => SignatureState.NotVerified,
            SignatureCheckState.Invalid => SignatureState.Invalid,
            _ => SignatureState.Unsigned,
        };
        return new SignatureStatus(state, check.Detail) { KeyKind = KindOf(check.KeyKind) };
    }

    public static SignatureStatus Signature(string? distDirectory) => Signature(Open(distDirectory));

    /// <summary>The kind of key the signed trusted comment names ("key=release", "key=development").</summary>
    public static SigningKeyKind KeyKindOf(string? trustedComment) => KindOf(DistSignature.KeyKindOf(trustedComment));

    private static SigningKeyKind KindOf(KeyKind kind) => kind switch
    {
        KeyKind.Release => SigningKeyKind.Release,
        KeyKind.Development => SigningKeyKind.Development,
        _ => SigningKeyKind.Unknown,
    };

    /// <summary>Every *.intoto.jsonl file: each line a DSSE envelope whose payload is an in-toto statement.</summary>
    public static IReadOnlyList<ProvenanceFile> Provenance(DistFolder? dist) => dist is null ? [] : dist.Provenance
        .Select(ReadProvenance).ToList();

    public static IReadOnlyList<ProvenanceFile> Provenance(string? distDirectory) => Provenance(Open(distDirectory));

    private static ProvenanceFile ReadProvenance(DistFile distFile)
    {
        var path = distFile.Path;
        var file = new ProvenanceFile(distFile.Name, distFile.Size, distFile.Sha256);
        try
        {
            var subjects = new List<(string, string)>();
            string? predicateType = null, builder = null;
            foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
            {
                using var envelope = JsonDocument.Parse(line);
                var statement = envelope.RootElement;
                // A DSSE envelope carries the statement base64-encoded; a bare statement is read as it is.
                if (statement.TryGetProperty("payload", out var payload))
                {
                    using var inner = JsonDocument.Parse(Encoding.UTF8
                        .GetString(Convert.FromBase64String(payload.GetString() ?? "")));
                    Collect(inner.RootElement.Clone());
                }
                else Collect(statement);
            }
            return file with { PredicateType = predicateType, Builder = builder, Subjects = subjects };

            void Collect(JsonElement s)
            {
                if (s.TryGetProperty("predicateType", out var type)) predicateType ??= type.GetString();
                if (s.TryGetProperty("predicate", out var predicate))
                    builder ??= Find(predicate, "runDetails", "builder", "id") ?? Find(predicate, "builder", "id");
                if (s.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.Array)
                    foreach (var item in subject.EnumerateArray())
                        subjects.Add((Find(item, "name") ?? "?", Find(item, "digest", "sha256") ?? "?"));
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return file with { Problem = $"not an in-toto statement or DSSE envelope: {e.Message}" };
        }
    }

    private static string? Find(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}

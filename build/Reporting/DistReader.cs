using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace OpenH264Build.Reporting;

/// <summary>
/// What the dist folder holds, for the page: each file with its size and sha256, whether SHA256SUMS is signed
/// and verified by a public key shipped beside it (with the stock minisign tool), and the provenance files.
/// </summary>
public static class DistReader
{
    public const string ChecksumsFile = "SHA256SUMS";
    public const string SignatureFile = "SHA256SUMS.minisig";
    public const string ProvenanceSuffix = ".intoto.jsonl";

    public static IReadOnlyList<PackageFile> Packages(string? distDirectory) =>
        distDirectory is null || !Directory.Exists(distDirectory)
            ? []
            : Directory.EnumerateFiles(distDirectory, "*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(p => new PackageFile(Path.GetRelativePath(distDirectory, p), new FileInfo(p).Length, Sha256(p)))
                .ToList();

    public static async Task<SignatureStatus> Signature(string? distDirectory, CancellationToken cancellationToken = default)
    {
        if (distDirectory is null || !File.Exists(Path.Combine(distDirectory, ChecksumsFile)))
            return new SignatureStatus(SignatureState.Unsigned, $"no {ChecksumsFile} in the dist");
        if (!File.Exists(Path.Combine(distDirectory, SignatureFile)))
            return new SignatureStatus(SignatureState.Unsigned, $"{ChecksumsFile} is not signed (no {SignatureFile})");

        var keys = Directory.EnumerateFiles(distDirectory, "*.pub").Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
            return new SignatureStatus(SignatureState.NotVerified, $"{SignatureFile} is present; no public key (*.pub) in the dist to verify it with");

        var failures = new List<string>();
        foreach (var key in keys)
        {
            var result = await Cli.Wrap("minisign")
                .WithArguments(["-V", "-p", key, "-m", Path.Combine(distDirectory, ChecksumsFile), "-x", Path.Combine(distDirectory, SignatureFile)])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken);
            if (result.ExitCode == 0)
            {
                var trusted = result.StandardOutput.Split('\n').FirstOrDefault(l => l.StartsWith("Trusted comment:", StringComparison.OrdinalIgnoreCase));
                var comment = trusted is null ? "" : $" ({trusted.Trim()})";
                return new SignatureStatus(SignatureState.Verified, $"{SignatureFile} verified with {Path.GetFileName(key)}{comment}") { KeyKind = KeyKindOf(trusted) };
            }
            failures.Add($"{Path.GetFileName(key)}: {(result.StandardError + result.StandardOutput).Trim().Split('\n')[0]}");
        }
        return new SignatureStatus(SignatureState.Invalid, $"{SignatureFile} does not verify: {string.Join("; ", failures)}");
    }

    /// <summary>The kind of key the signed trusted comment names ("key=release", "key=development").</summary>
    public static SigningKeyKind KeyKindOf(string? trustedComment)
    {
        var match = System.Text.RegularExpressions.Regex.Match(trustedComment ?? "", @"\bkey=(\w+)");
        return match.Groups[1].Value switch
        {
            "release" => SigningKeyKind.Release,
            "development" => SigningKeyKind.Development,
            _ => SigningKeyKind.Unknown,
        };
    }

    /// <summary>Every *.intoto.jsonl file: each line a DSSE envelope whose payload is an in-toto statement.</summary>
    public static IReadOnlyList<ProvenanceFile> Provenance(string? distDirectory)
    {
        if (distDirectory is null || !Directory.Exists(distDirectory)) return [];
        return Directory.EnumerateFiles(distDirectory, "*" + ProvenanceSuffix, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => ReadProvenance(distDirectory, path))
            .ToList();
    }

    private static ProvenanceFile ReadProvenance(string distDirectory, string path)
    {
        var file = new ProvenanceFile(Path.GetRelativePath(distDirectory, path), new FileInfo(path).Length, Sha256(path));
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
                    using var inner = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload.GetString() ?? "")));
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

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

using System.Text.Json;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>
/// The verdict of one check report (<c>abi-&lt;arch&gt;.json</c>, <c>compat-&lt;arch&gt;.json</c>): its top-level
/// "verdict" and "arch", and what binds it to bits: the full sha256 of the candidate library it judged, when it ran,
/// and (compat) whether the soak was part of it. Read tolerantly: a report without a field leaves it null or false.
/// </summary>
public sealed record CheckVerdict(string Kind, string Arch, string Verdict, string FileName,
    string? CandidateSha256 = null, string? CheckedAt = null, bool SoakIncluded = false)
{
    public static readonly string[] Kinds = ["abi", "compat"];

    /// <summary>Every report present in <paramref name="reportsDirectory"/>; an unreadable one is warned about and left out.</summary>
    public static IReadOnlyList<CheckVerdict> ReadAll(string reportsDirectory, ILogger log)
    {
        if (!Directory.Exists(reportsDirectory)) return [];
        var verdicts = new List<CheckVerdict>();
        foreach (var kind in Kinds)
        foreach (var path in Directory.EnumerateFiles(reportsDirectory, $"{kind}-*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                if (Read(kind, path) is { } verdict) verdicts.Add(verdict);
                else log.Warning("{Report} has no \"verdict\"; left out", Path.GetFileName(path));
            }
            catch (JsonException e)
            {
                log.Warning("{Report} is not valid JSON ({Message}); left out", Path.GetFileName(path), e.Message);
            }
        }
        return verdicts;
    }

    /// <summary>One report; null when it has no verdict.</summary>
    public static CheckVerdict? Read(string kind, string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return null;
        var verdict = Text(root, "verdict");
        if (verdict is null) return null;
        var arch = Text(root, "arch") ?? Path.GetFileNameWithoutExtension(path)[(kind.Length + 1)..];
        var soaked = root.TryGetProperty("soak", out var soak) && soak.ValueKind == JsonValueKind.Object
                     && soak.TryGetProperty("included", out var included) && included.ValueKind == JsonValueKind.True;
        return new CheckVerdict(kind, arch, verdict, Path.GetFileName(path), Text(root, "candidateSha256")?.ToLowerInvariant(), Text(root, "checkedAt"), soaked);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

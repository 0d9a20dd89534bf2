using System.Text.Json;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>The verdict of one check report (<c>abi-&lt;arch&gt;.json</c>, <c>compat-&lt;arch&gt;.json</c>): its top-level "verdict" and "arch".</summary>
public sealed record CheckVerdict(string Kind, string Arch, string Verdict, string FileName)
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
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                var root = document.RootElement;
                var verdict = root.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : null;
                var arch = root.TryGetProperty("arch", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : Path.GetFileNameWithoutExtension(path)[(kind.Length + 1)..];
                if (verdict is null) { log.Warning("{Report} has no \"verdict\"; left out of the notes", Path.GetFileName(path)); continue; }
                verdicts.Add(new CheckVerdict(kind, arch, verdict, Path.GetFileName(path)));
            }
            catch (JsonException e)
            {
                log.Warning("{Report} is not valid JSON ({Message}); left out of the notes", Path.GetFileName(path), e.Message);
            }
        }
        return verdicts;
    }
}

using System.Text.Json;
using OpenH264Build.Engine;

namespace OpenH264Build.Publishing;

/// <summary>The upstream version pinned in <c>native/source.json</c>: only its "version" is read here.</summary>
public static class PinnedSource
{
    public static string ReadVersion(string sourceJsonPath)
    {
        if (!File.Exists(sourceJsonPath))
            throw new BuildFailure($"{Path.GetFileName(sourceJsonPath)} is missing: the pinned upstream version cannot be checked", sourceJsonPath);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(sourceJsonPath));
            if (document.RootElement.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String && version.GetString() is { Length: > 0 } text)
                return text;
        }
        catch (JsonException e)
        {
            throw new BuildFailure($"native/source.json is not valid JSON ({e.Message})", sourceJsonPath);
        }
        throw new BuildFailure("native/source.json has no \"version\" string", sourceJsonPath);
    }
}

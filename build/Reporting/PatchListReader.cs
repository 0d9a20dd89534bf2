using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenH264Build.Reporting;

/// <summary>
/// Reads artifacts/reports/patches.json, the series as the Patch target applied it, tolerantly: a missing file is
/// "not recorded" (null), a field that is missing or of another shape is left out rather than failing the page.
/// </summary>
public static class PatchListReader
{
    public const string FileName = "patches.json";

    public static PatchList? Read(string reportsDirectory)
    {
        var path = Path.Combine(reportsDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject root) return null;
            var patches = (root["patches"] as JsonArray ?? []).OfType<JsonObject>().Select(Entry).ToList();
            return new PatchList(Text(root["folder"]), patches);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static PatchEntry Entry(JsonObject patch) => new(
        Text(patch["name"]) ?? "(unnamed)",
        Text(patch["subject"]),
        Text(patch["author"]),
        (patch["links"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(l => new PatchLink(Text(l["kind"]) ?? "link", Text(l["url"]) ?? ""))
            .Where(l => l.Url.Length > 0)
            .ToList(),
        (patch["warnings"] as JsonArray ?? []).Select(Text).OfType<string>().ToList());

    private static string? Text(JsonNode? node) => node is JsonValue v ? v.ToString() : null;
}

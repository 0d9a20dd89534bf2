using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenH264Build.Patching;

/// <summary>
/// <c>reports/patches.json</c>: the series as this run applied it, for the report page: the folder as the user
/// named it and, per patch in order, its name, subject, author, upstream links and DEP-3 warnings; series-level
/// warnings (files the series does not list) go in a top-level <c>warnings</c> list.
/// </summary>
public static class PatchesReport
{
    public const string FileName = "patches.json";

    public static string Render(LoadedSeries series)
    {
        var patches = new JsonArray();
        foreach (var patch in series.Patches)
        {
            patches.Add(new JsonObject
            {
                ["name"] = patch.Name,
                ["subject"] = patch.Header.Title,
                ["author"] = patch.Header.Author,
                ["links"] = new JsonArray(patch.Links
                    .Select(l => (JsonNode)new JsonObject { ["kind"] = l.Kind, ["url"] = l.Url }).ToArray()),
                ["warnings"] = new JsonArray(patch.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
            });
        }
        var report = new JsonObject
        {
            ["folder"] = series.Folder,
            ["patches"] = patches,
            ["warnings"] = new JsonArray(series.Warnings.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
        };
        return report.ToJsonString(new JsonSerializerOptions { WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    public static async Task<string> WriteAsync(LoadedSeries series, string reportsDirectory, CancellationToken ct)
    {
        Directory.CreateDirectory(reportsDirectory);
        var path = Path.Combine(reportsDirectory, FileName);
        await File.WriteAllTextAsync(path, Render(series), ct);
        return path;
    }
}

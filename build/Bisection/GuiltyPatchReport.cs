using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenH264Build.Bisection;

/// <summary>
/// Adds the guilty patch to a check's reports after the check wrote them: <c>"guiltyPatch"</c> in the JSON, and a
/// line at the top of the Markdown, right under its title, so the first thing a reader sees is what to look at.
/// </summary>
public static class GuiltyPatchReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="phrase">What appears with the patch, e.g. "drift appears with 0003-foo.patch (hunk 2,
    /// ...)".</param>
    public static void Amend(string jsonPath, string markdownPath, GuiltyPatch guilty, string phrase)
    {
        if (File.Exists(jsonPath) && JsonNode.Parse(File.ReadAllText(jsonPath)) is JsonObject report)
        {
            report["guiltyPatch"] = new JsonObject
            {
                ["name"] = guilty.Name,
                ["hunk"] = guilty.Hunk,
                ["files"] = new JsonArray([.. guilty.Files.Select(f => (JsonNode?)JsonValue.Create(f))]),
            };
            File.WriteAllText(jsonPath, report.ToJsonString(Indented) + "\n");
        }
        if (!File.Exists(markdownPath)) return;
        var lines = File.ReadAllLines(markdownPath).ToList();
        var title = lines.FindIndex(l => l.StartsWith('#'));
        lines.InsertRange(title
            + 1, ["", $"**{phrase}** (the first patch of the series with which the failure appears)"]);
        File.WriteAllLines(markdownPath, lines);
    }
}

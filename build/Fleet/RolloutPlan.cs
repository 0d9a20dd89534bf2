using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenH264Build.Fleet;

/// <summary>
/// <c>artifacts/reports/rollout-plan.json</c>: the waves this run takes, each with its hosts and their arch, and the
/// seed they were shuffled with. The one file a dry run writes; the host names live here, not in the log.
/// </summary>
public static class RolloutPlan
{
    public static void Write(string path, IReadOnlyList<Wave> waves, int seed)
    {
        var plan = new JsonObject
        {
            ["seed"] = seed,
            ["waves"] = new JsonArray(waves.Select(w => (JsonNode?)new JsonObject
            {
                ["name"] = w.Name,
                ["hosts"] = new JsonArray(w.Hosts.Select(h =>
                    (JsonNode?)new JsonObject { ["name"] = h.Name, ["arch"] = h.Arch }).ToArray()),
            }).ToArray()),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, plan.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static OpenH264Build.Reporting.Html;

namespace OpenH264Build.Reporting;

/// <summary>What the rollout left in the reports folder: its plan (rollout-plan.json) and its report
/// (rollout.json).</summary>
public sealed record RolloutFacts(JsonObject? Plan, JsonObject? Report);

/// <summary>
/// The page's rollout section, when a rollout ran (or planned): the plan as counts per arch and wave, each wave's
/// result, how many hosts are on each version, the unreachable hosts apart, why it halted, and a link to rollout.json.
/// Every value is encoded: the files are the rollout's, but host names come from an inventory.
/// </summary>
public static class RolloutSection
{
    public static RolloutFacts? Read(string reportsDirectory)
    {
        JsonObject? Load(string name)
        {
            var path = Path.Combine(reportsDirectory, name);
            try { return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null; }
            catch (JsonException) { return null; }
        }
        var facts = new RolloutFacts(Load("rollout-plan.json"), Load("rollout.json"));
        return facts.Plan is null && facts.Report is null ? null : facts;
    }

    public static void Write(StringBuilder html, RolloutFacts? rollout)
    {
        if (rollout is null) return;
        html.Append("<h2>Rollout</h2>\n<section id=\"rollout\">\n");
        if (rollout.Report is { } report) Summary(html, report);
        if (rollout.Plan is { } plan) Plan(html, plan);
        if (rollout.Report is { } results) Results(html, results);
        html.Append("</section>\n");
    }

    private static void Summary(StringBuilder html, JsonObject report)
    {
        var halted = report["halted"]?.GetValue<bool>() == true;
        html.Append(
            $"<p>{Badge(halted ? "halted" : "completed", halted ? VerdictTone.Bad : VerdictTone.Good,
                "rollout-status")} ")
            .Append($"version <code>{E(Text(report["version"]))}</code>; failures {E(Text(report["failures"]))} of " +
                $"a budget of ")
            .Append($"{E(Text(report["budget"]))}; {Link("rollout.json")}</p>\n");
        if (halted) html.Append($"<p data-role=\"rollout-halt\">{E(Text(report["haltReason"]))}</p>\n");
        var unreachable = report["unreachable"]?.AsArray().Select(Text).ToList() ?? [];
        if (unreachable.Count > 0)
            html.Append(
                $"<p class=\"note\">Unreachable (not failures; the next run tries them again): " +
                    $"{E(string.Join(", ", unreachable))}</p>\n");
    }

    private static void Plan(StringBuilder html, JsonObject plan)
    {
        var waves = plan["waves"]?.AsArray() ?? [];
        var arches = waves.SelectMany(w => w!["hosts"]!.AsArray().Select(h => Text(h!["arch"]))).Distinct()
            .Order(StringComparer.Ordinal).ToList();
        html.Append($"<h3>Plan</h3>\n<p class=\"note\">Waves shuffled with seed {E(Text(plan["seed"]))}.</p>\n");
        Table(html, "rollout-plan", ["Wave", "Hosts", .. arches], waves.Select(w =>
        {
            var hosts = w!["hosts"]!.AsArray();
            return (IReadOnlyList<string>)[E(Text(w["name"])), Count(hosts.Count),
                .. arches.Select(a => Count(hosts.Count(h => Text(h!["arch"]) == a)))];
        }), "rollout-plan");
    }

    private static void Results(StringBuilder html, JsonObject report)
    {
        html.Append("<h3>Waves</h3>\n");
        Table(html, "rollout-waves", ["Wave", "Hosts", "Done", "Failed", "Rolled back", "Unreachable"],
            (report["waves"]?.AsArray() ?? []).Select(w => (IReadOnlyList<string>)[E(Text(w!["name"])),
                E(Text(w["hosts"])),
                E(Text(w["done"])), E(Text(w["failed"])), E(Text(w["rolledBack"])), E(Text(w["unreachable"]))]),
                    "rollout-waves");
        html.Append("<h3>Versions</h3>\n");
        Table(html, "rollout-versions", ["Version", "Hosts"],
            (report["versions"]?.AsObject() ?? []).Select(v => (IReadOnlyList<string>)[$"<code>{E(v.Key)}</code>",
                E(Text(v.Value))]),
            "rollout-versions");
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}

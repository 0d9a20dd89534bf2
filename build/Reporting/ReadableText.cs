using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenH264Build.Reporting;

/// <summary>
/// A report value as a person reads it, never as JSON: nested objects become "name: value" lines, lists of values
/// a comma-separated line, lists of objects one line per item. The page uses tables where it knows the shape.
/// </summary>
public static class ReadableText
{
    public static string Of(JsonNode? node) => string.Join("\n", Lines(node, ""));

    /// <summary>A scalar as text: numbers in invariant culture, true/false as words, null as "none".</summary>
    public static string Scalar(JsonNode? node) => node switch
    {
        null => "none",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        JsonValue v => v.ToString(),
        _ => Of(node),
    };

    private static IEnumerable<string> Lines(JsonNode? node, string indent) => node switch
    {
        JsonObject o when o.Count == 0 => [indent + "none"],
        JsonObject o => o.SelectMany(p => p.Value is JsonObject or JsonArray { Count: > 0 } && !IsFlat(p.Value)
            ? [$"{indent}{p.Key}:", .. Lines(p.Value, indent + "  ")]
            : new[] { $"{indent}{p.Key}: {Flat(p.Value)}" }),
        JsonArray { Count: 0 } => [indent + "none"],
        JsonArray a when IsFlat(a) => [indent + Flat(a)],
        JsonArray a => a.SelectMany(item => Lines(item, indent + "- ")),
        _ => [indent + Scalar(node)],
    };

    private static bool IsFlat(JsonNode? node) => node is not JsonObject && (node is not JsonArray a
        || a.All(i => i is not (JsonObject or JsonArray)));

    private static string Flat(JsonNode? node) => node is JsonArray a
        ? a.Count == 0 ? "none" : string.Join(", ", a.Select(Scalar))
        : Scalar(node);
}

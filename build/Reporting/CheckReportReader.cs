using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenH264Build.Reporting;

/// <summary>
/// Reads a check report tolerantly: a missing file or one that is not JSON is shown as such rather than failing
/// the page, unknown fields are shown as they are, and every string that names an image file (a heat map)
/// becomes an image read from beside the report.
/// </summary>
public static class CheckReportReader
{
    private static readonly Dictionary<string, string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".svg"] = "image/svg+xml", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp", [".gif"] = "image/gif",
    };

    public static CheckReport Read(string reportsDirectory, string check, string arch)
    {
        var fileName = $"{check}-{arch}.json";
        var path = Path.Combine(reportsDirectory, fileName);
        var report = new CheckReport(check, arch, fileName);
        if (!File.Exists(path)) return report with { Problem = "no report: the check did not run for this arch" };

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return report with { Tone = VerdictTone.Unclear, Problem = $"not valid JSON: {e.Message}" };
        }
        if (root is not JsonObject fields) return report with { Tone = VerdictTone.Unclear, Problem = "not a JSON object" };

        var verdict = fields["verdict"] is JsonValue v ? v.ToString() : null;
        var details = fields
            .Where(f => f.Key is not "verdict" and not "arch" and not "policy")
            .Select(f => (f.Key, ReadableText.Of(f.Value)))
            .ToList();
        var policy = fields["policy"] switch
        {
            JsonObject o => o.Select(p => (p.Key, ReadableText.Of(p.Value))).ToList(),
            null => [],
            var other => [("policy", ReadableText.Of(other))],
        };
        var images = ImageNames(fields).Distinct().Select(name => ReadImage(reportsDirectory, name)).ToList();

        return report with
        {
            Verdict = verdict,
            Tone = verdict is null ? VerdictTone.Unclear : ToneOf(verdict),
            Problem = verdict is null ? "the report has no verdict" : null,
            Details = details,
            Fields = fields,
            Policy = policy,
            Images = images,
            CandidateSha256 = Text(fields, "candidateSha256"),
            BaselineSha256 = Text(fields, "baselineSha256"),
            CheckedAt = DateTimeOffset.TryParse(Text(fields, "checkedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            Soak = fields["soak"] is JsonObject soak ? ReadSoak(soak) : null,
            HasMarkdown = File.Exists(Path.ChangeExtension(path, ".md")),
        };
    }

    private static SoakFacts ReadSoak(JsonObject soak) => new(
        soak["included"] is JsonValue i && i.TryGetValue<bool>(out var included) ? included : null,
        Number(soak, "streams") is { } streams ? (long)streams : null,
        Number(soak, "frames") is { } frames ? (long)frames : null,
        Number(soak, "playSeconds"), Number(soak, "framesPerSecond"), Text(soak, "verdict"));

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v ? v.ToString() : null;

    private static double? Number(JsonObject o, string name) =>
        double.TryParse(Text(o, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The words the checks use, sorted into good and bad; anything else is unclear and shown as such.</summary>
    public static VerdictTone ToneOf(string verdict) => verdict.Trim().ToLowerInvariant() switch
    {
        "pass" or "passed" or "ok" or "compatible" or "identical" or "clean" or "same" or "unchanged" or "green" => VerdictTone.Good,
        "fail" or "failed" or "incompatible" or "breaking" or "broken" or "error" or "drift" or "red" => VerdictTone.Bad,
        _ => VerdictTone.Unclear,
    };

    private static IEnumerable<string> ImageNames(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => ImageNames(p.Value)),
        JsonArray a => a.SelectMany(ImageNames),
        JsonValue v when v.TryGetValue<string>(out var s) && ImageTypes.ContainsKey(Path.GetExtension(s)) && !s.Contains("://") => [s],
        _ => [],
    };

    /// <summary>Only files under the reports folder are read: a report cannot pull other files into the page.</summary>
    private static ReportImage ReadImage(string reportsDirectory, string name)
    {
        var root = Path.GetFullPath(reportsDirectory) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(reportsDirectory, name));
        var type = ImageTypes[Path.GetExtension(name)];
        if (!path.StartsWith(root, StringComparison.Ordinal) || !File.Exists(path)) return new ReportImage(name, type, null);
        return new ReportImage(name, type, File.ReadAllBytes(path));
    }
}

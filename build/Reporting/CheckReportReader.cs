using System.Text.Json.Nodes;
using OpenH264Build.Dist;
using OpenH264Build.Formats;

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
        // The one reader of a report's JSON; this adds what only the page shows (details, policy, images).
        var read = VerdictReport.Read(reportsDirectory, check, arch);
        var report = new CheckReport(check, arch, read.FileName);
        if (!read.Exists) return report with { Problem = read.Problem };
        if (read.Fields is not { } fields) return report with { Tone = VerdictTone.Unclear, Problem = read.Problem };

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
            Verdict = read.Verdict,
            Tone = read.Verdict is null ? VerdictTone.Unclear : ToneOf(read.Verdict),
            Problem = read.Problem,
            Details = details,
            Fields = fields,
            Policy = policy,
            Images = images,
            CandidateSha256 = read.CandidateSha256,
            BaselineSha256 = read.BaselineSha256,
            CheckedAt = read.CheckedAt,
            Soak = read.Soak is { } soak ? new SoakFacts(soak.Included, soak.Streams, soak.Frames, soak.PlaySeconds,
                soak.FramesPerSecond, soak.Verdict) : null,
            HasMarkdown = File.Exists(Path.Combine(reportsDirectory, Path.ChangeExtension(read.FileName, ".md"))),
        };
    }

    /// <summary>The words the checks use, sorted into good and bad; anything else is unclear and shown as
    /// such.</summary>
    public static VerdictTone ToneOf(string verdict) => verdict.Trim().ToLowerInvariant() switch
    {
        "pass" or "passed" or "ok" or "compatible" or "identical" or "clean" or "same" or "unchanged" or "green" =>
            VerdictTone.Good,
        "fail" or "failed" or "incompatible" or "breaking" or "broken" or "error" or "drift" or "red" =>
            VerdictTone.Bad,
        _ => VerdictTone.Unclear,
    };

    private static IEnumerable<string> ImageNames(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => ImageNames(p.Value)),
        JsonArray a => a.SelectMany(ImageNames),
        JsonValue v when v.TryGetValue<string>(out var s) && ImageTypes.ContainsKey(Path.GetExtension(s))
            && !s.Contains("://") => [s],
        _ => [],
    };

    /// <summary>Only files under the reports folder are read: a report cannot pull other files into the page.</summary>
    private static ReportImage ReadImage(string reportsDirectory, string name)
    {
        var root = Path.GetFullPath(reportsDirectory) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(reportsDirectory, name));
        var type = ImageTypes[Path.GetExtension(name)];
        if (!path.StartsWith(root, StringComparison.Ordinal)
            || !File.Exists(path)) return new ReportImage(name, type, null);
        return new ReportImage(name, type, File.ReadAllBytes(path));
    }
}

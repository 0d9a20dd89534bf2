using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenH264Build.Formats;

/// <summary>What a compatibility report says of its soak (<c>"soak": {...}</c>): whether it was part of the run, and
/// its size.</summary>
public sealed record SoakState(bool? Included, long? Streams, long? Frames, double? PlaySeconds,
    double? FramesPerSecond, string? Verdict);

/// <summary>
/// One check report (<c>abi-&lt;arch&gt;.json</c>, <c>compat-&lt;arch&gt;.json</c>), read once and tolerantly, for
/// everyone
/// who needs it: its "verdict" and "arch", and what binds it to bits: the full sha256 of the candidate library it
/// judged
/// (and of the baseline), when it ran, and (compat) the soak. A missing file, one that is not JSON, not an object or
/// without a verdict is not an error here: <see cref="Problem"/> says which, and the other fields stay null.
/// </summary>
public sealed record VerdictReport(string Kind, string Arch, string FileName)
{
    /// <summary>The checks whose reports bind a verdict to a library, in this order.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["abi", "compat"];

    public bool Exists { get; init; }
    public string? Verdict { get; init; }
    public string? CandidateSha256 { get; init; }
    public string? BaselineSha256 { get; init; }
    /// <summary>"checkedAt" as written; <see cref="CheckedAt"/> when it reads as a time.</summary>
    public string? CheckedAtText { get; init; }
    public DateTimeOffset? CheckedAt { get; init; }
    public SoakState? Soak { get; init; }
    /// <summary>Whether the soak was part of the check (<c>soak.included</c> is true).</summary>
    public bool SoakIncluded => Soak?.Included == true;
    /// <summary>The whole report, for readers that show more of it (the report page).</summary>
    public JsonObject? Fields { get; init; }
    /// <summary>Why the report gives no verdict: missing, not JSON, not an object, no "verdict"; null when it gives
    /// one.</summary>
    public string? Problem { get; init; }

    /// <summary>The report of <paramref name="kind"/> for <paramref name="arch"/> in <paramref name="folder"/>, present
    /// or not.</summary>
    public static VerdictReport Read(string folder, string kind, string arch) => Read(kind,
        Path.Combine(folder, $"{kind}-{arch}.json"));

    public static VerdictReport Read(string kind, string path)
    {
        var fileName = Path.GetFileName(path);
        var arch = Path.GetFileNameWithoutExtension(path) is var stem
            && stem.StartsWith(kind + "-", StringComparison.Ordinal) ? stem[(kind.Length + 1)..] : stem;
        var report = new VerdictReport(kind, arch, fileName);
        if (!File.Exists(path)) return report with { Problem = "no report: the check did not run for this arch" };

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path),
                documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true,
                    CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return report with { Exists = true, Problem = $"not valid JSON: {e.Message}" };
        }
        if (root is not JsonObject fields) return report with { Exists = true, Problem = "not a JSON object" };

        var verdict = Text(fields, "verdict");
        var checkedAt = Text(fields, "checkedAt");
        return report with
        {
            Exists = true,
            Arch = Text(fields, "arch") ?? arch,
            Verdict = verdict,
            Problem = verdict is null ? "the report has no verdict" : null,
            CandidateSha256 = Text(fields, "candidateSha256")?.ToLowerInvariant(),
            BaselineSha256 = Text(fields, "baselineSha256")?.ToLowerInvariant(),
            CheckedAtText = checkedAt,
            CheckedAt = DateTimeOffset.TryParse(checkedAt, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            Soak = fields["soak"] is JsonObject soak ? ReadSoak(soak) : null,
            Fields = fields,
        };
    }

    /// <summary>Every report of each kind present directly in <paramref name="folder"/>, in name order per
    /// kind.</summary>
    public static IReadOnlyList<VerdictReport> ReadAll(string folder) =>
        !Directory.Exists(folder) ? []
        : Kinds.SelectMany(kind => Directory.EnumerateFiles(folder, $"{kind}-*.json").Order(StringComparer.Ordinal)
            .Where(p => new FileInfo(p).LinkTarget is null).Select(p => Read(kind, p))).ToList();

    private static SoakState ReadSoak(JsonObject soak) => new(
        soak["included"] is JsonValue i && i.TryGetValue<bool>(out var included) ? included : null,
        Number(soak, "streams") is { } streams ? (long)streams : null,
        Number(soak, "frames") is { } frames ? (long)frames : null,
        Number(soak, "playSeconds"), Number(soak, "framesPerSecond"), Text(soak, "verdict"));

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v ? v.ToString() : null;

    private static double? Number(JsonObject o, string name) =>
        double.TryParse(Text(o, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenH264Build.Abi;

/// <summary>
/// The outcome of the ABI check of one arch, written as <c>abi-&lt;arch&gt;.json</c> (for tools: top-level
/// "verdict" is "pass" or "fail") and <c>abi-&lt;arch&gt;.md</c> (for people and the CI step summary).
/// </summary>
public sealed record AbiReport(
    string Arch,
    string Baseline,
    string BaselineSource,
    string Candidate,
    IReadOnlyDictionary<string, string> Floors,
    string? AbiDump,
    IReadOnlyList<AbiFinding> Findings,
    string CandidateSha256 = "",
    string BaselineSha256 = "",
    DateTimeOffset CheckedAt = default)
{
    public string Verdict => Findings.Any(f => f.Severity == FindingSeverity.Error) ? "fail" : "pass";

    public IEnumerable<AbiFinding> Errors => Findings.Where(f => f.Severity == FindingSeverity.Error);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(new
    {
        verdict = Verdict,
        arch = Arch,
        baseline = Baseline,
        baselineSource = BaselineSource,
        candidate = Candidate,
        // What binds the verdict to bits: the exact files judged, and when (a verdict reused from the cache keeps its
        // time).
        candidateSha256 = CandidateSha256,
        baselineSha256 = BaselineSha256,
        checkedAt = CheckedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ",
            System.Globalization.CultureInfo.InvariantCulture),
        floors = Floors,
        abiDump = AbiDump,
        counts = Enum.GetValues<FindingSeverity>()
            .ToDictionary(s => JsonNamingPolicy.KebabCaseLower.ConvertName(s.ToString()),
                s => Findings.Count(f => f.Severity == s)),
        findings = Ordered().Select(f => new { f.Severity, f.Check, f.Subject, f.Message, f.OldSize, f.NewSize,
            f.OldOffset, f.NewOffset }),
    }, Json);

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# ABI check, {Arch}: {(Verdict == "pass" ? "pass" : "**FAIL**")}");
        md.AppendLine();
        md.AppendLine($"- Baseline ({BaselineSource}): {Baseline}");
        md.AppendLine($"- Candidate: {Candidate}");
        md.AppendLine($"- Candidate sha256: `{CandidateSha256}`");
        md.AppendLine($"- Baseline sha256: `{BaselineSha256}`");
        md.AppendLine($"- Checked at: {CheckedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        md.AppendLine(
            $"- Symbol-version floor: {(Floors.Count == 0 ? "none" : string.Join(", ",
                Floors.Select(f => $"{f.Key} ≤ {f.Value}")))}");
        if (AbiDump is not null) md.AppendLine($"- ABI dump: `{AbiDump}`");
        md.AppendLine();
        md.AppendLine(string.Join(", ", Enum.GetValues<FindingSeverity>()
            .Select(s => $"{Findings.Count(f => f.Severity == s)} {s.ToString().ToLowerInvariant()}")));
        md.AppendLine();
        if (Findings.Count == 0) return md.AppendLine("No findings.").ToString();
        md.AppendLine(
            "| Severity | Check | Type or symbol | Old size | New size | Old offset | New offset | Finding |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var f in Ordered())
            md.AppendLine($"| {f.Severity.ToString().ToLowerInvariant()} | {f.Check} | `{Cell(f.Subject)}` | " +
                $"{f.OldSize} | {f.NewSize} | {f.OldOffset} | {f.NewOffset} | {Cell(f.Message)} |");
        return md.ToString();
    }

    /// <summary>The short verdict the console shows for the arch.</summary>
    public string ConsoleLine()
    {
        var first = Errors.FirstOrDefault();
        return $"ABI {Arch}: {Verdict.ToUpperInvariant()} against {BaselineSource} baseline: "
               + $"{Errors.Count()} error(s), {Findings.Count(f => f.Severity == FindingSeverity.Accepted)} " +
                   $"accepted, {Findings.Count(f => f.Severity == FindingSeverity.Note)} note(s)"
               + (first is null ? "" : $"; first: {first.Message}");
    }

    public void Write(string reportsDirectory)
    {
        Directory.CreateDirectory(reportsDirectory);
        File.WriteAllText(Path.Combine(reportsDirectory, $"abi-{Arch}.json"), ToJson());
        File.WriteAllText(Path.Combine(reportsDirectory, $"abi-{Arch}.md"), ToMarkdown());
    }

    private IEnumerable<AbiFinding> Ordered() => Findings.OrderBy(f => f.Severity).ThenBy(f => f.Check,
        StringComparer.Ordinal).ThenBy(f => f.Subject, StringComparer.Ordinal);

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}

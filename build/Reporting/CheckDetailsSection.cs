using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static OpenH264Build.Reporting.Html;

namespace OpenH264Build.Reporting;

/// <summary>
/// Each arch's checks in detail, as text a person reads: the digests of both libraries in full, the ABI findings and
/// the compatibility streams as tables (a row without pictures or without FFmpeg says why), drift pictures embedded
/// and linked, links to the Markdown reports, and anything else a report holds as "name: value" lines.
/// </summary>
internal static class CheckDetailsSection
{
    /// <summary>Fields shown in their own way; everything else goes to the "More" table.</summary>
    private static readonly HashSet<string> Shown =
    [
        "verdict", "arch", "policy", "candidateSha256", "baselineSha256", "checkedAt", "soak", "findings", "streams",
            "floors",
        "abiDump", "counts", "framesDecoded", "seconds", "framesPerSecond", "passed", "baselineSource",
    ];

    public static void Write(StringBuilder html, RunReport report)
    {
        html.Append("<h2>Checks per architecture</h2>\n<div class=\"arches\">\n");
        foreach (var arch in report.Arches)
        {
            html.Append($"<section class=\"arch\" data-arch=\"{E(arch)}\">\n<h3>{E(arch)}</h3>\n");
            foreach (var check in report.Checks.Where(c => c.Arch == arch)) Check(html, report, check);
            html.Append("</section>\n");
        }
        html.Append("</div>\n");
    }

    private static void Check(StringBuilder html, RunReport report, CheckReport check)
    {
        var cell = VerdictSummary.For(report, check.Check, check.Arch);
        html.Append($"<div class=\"check\" " +
            $"data-check=\"{E(check.Check)}\">\n<h4>{E(VerdictSummary.Title(check.Check))}: ")
            .Append(Badge(cell.Word, cell.Tone, "verdict")).Append("</h4>\n");
        if (cell.Word == "not run")
        {
            html.Append($"<p class=\"note\">{E(cell.Note ?? "")}: an earlier run's report is not shown as this " +
                $"run's.</p>\n</div>\n");
            return;
        }
        if (check.Problem is not null) html.Append($"<p class=\"note\">{E(check.FileName)}: {E(check.Problem)}</p>\n");
        if (cell.Freshness is not null) html.Append($"<p class=\"note\">{E(cell.Freshness)}</p>\n");
        if (check.Fields is not null) Digests(html, check);
        if (check.HasMarkdown) html.Append($"<p>Report: {Link(check.MarkdownName)}</p>\n");
        if (check.Policy.Count > 0)
        {
            html.Append("<p>Binary policy</p>\n");
            Pairs(html, check.Policy, "policy");
        }
        if (check.Fields is { } fields)
        {
            if (check.Check == "abi") Abi(html, report, check.Arch, fields);
            if (check.Check == "compat") CompatStreamsTable.Write(html, fields, check.Arch);
            var shownHere = check.Check == "abi" ? ["baseline", "candidate"] : Array.Empty<string>();
            var more = fields.Where(f => !Shown.Contains(f.Key) && !shownHere.Contains(f.Key)).Select(f => (f.Key,
                ReadableText.Of(f.Value))).ToList();
            if (more.Count > 0) Pairs(html, more, "details");
        }
        Images(html, check);
        html.Append("</div>\n");
    }

    private static void Digests(StringBuilder html, CheckReport check)
    {
        static string Digest(string? sha) => sha is null ? "<span class=\"note\">not recorded</span>"
            : $"<code>{E(sha)}</code>";
        html.Append("<table class=\"digests\">\n")
            .Append($"<tr><th>candidate sha256</th><td " +
                $"data-role=\"candidate-sha256\">{Digest(check.CandidateSha256)}</td></tr>\n")
            .Append($"<tr><th>baseline sha256</th><td " +
                $"data-role=\"baseline-sha256\">{Digest(check.BaselineSha256)}</td></tr>\n")
            .Append("</table>\n");
    }

    private static void Abi(StringBuilder html, RunReport report, string arch, JsonObject fields)
    {
        var about = new List<(string, string)>();
        if (fields["baseline"] is { } baseline) about.Add(("baseline",
            ReadableText.Of(baseline) + (fields["baselineSource"] is { } s ? $" ({s})" : "")));
        if (fields["candidate"] is { } candidate) about.Add(("candidate", ReadableText.Of(candidate)));
        if (fields["floors"] is JsonObject floors) about.Add(("symbol-version floor",
            string.Join(", ", floors.Select(f => $"{f.Key} ≤ {f.Value}"))));
        if (fields["counts"] is JsonObject counts) about.Add(("findings",
            string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))));
        if (fields["abiDump"] is not null) about.Add(("ABI dump", AbiDumpFile(report, arch)));
        Pairs(html, about, "abi-facts");
        var findings = (fields["findings"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (findings.Count == 0) { html.Append("<p>No findings.</p>\n"); return; }
        Table(html, "findings", ["Severity", "Check", "Type or symbol", "Finding"],
            findings.Select(f => (IReadOnlyList<string>)
            [E(Text(f, "severity")), E(Text(f, "check")), $"<code>{E(Text(f, "subject"))}</code>",
                E(Text(f, "message"))]));
    }

    /// <summary>The dump's real name in the dist, not the report's "openh264-&lt;version&gt;-..." pattern.</summary>
    private static string AbiDumpFile(RunReport report, string arch) =>
        report.Packages.FirstOrDefault(p => p.Name.EndsWith($"-linux-{arch}.abi.xml", StringComparison.Ordinal))?.Name
        ?? "not in the dist (Package or Sign did not run)";

    private static void Images(StringBuilder html, CheckReport check)
    {
        foreach (var image in check.Images)
        {
            if (image.Exists)
                html.Append($"<figure><img " +
                    $"src=\"data:{image.MediaType};base64,{Convert.ToBase64String(image.Content!)}\" " +
                        $"alt=\"{E(image.Name)}\">")
                    .Append($"<figcaption>{Link(image.Name)}</figcaption></figure>\n");
            else
                html.Append($"<p class=\"note missing-image\">Image {E(image.Name)} is named by the report but " +
                    $"missing.</p>\n");
        }
    }

    internal static string Text(JsonObject o, string name) => o[name] is { } v ? ReadableText.Scalar(v) : "";

    internal static string Number(JsonNode? node, string format) =>
        double.TryParse(node?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture,
            out var n) ? n.ToString(format, CultureInfo.InvariantCulture) : "?";
}

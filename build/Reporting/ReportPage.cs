using System.Globalization;
using System.Text;
using OpenH264Build.Engine;
using static OpenH264Build.Reporting.Html;

namespace OpenH264Build.Reporting;

/// <summary>
/// The run's page, artifacts/reports/index.html: one self-contained HTML file (inline CSS, images embedded as
/// data: URIs, no script, nothing fetched) that opens from a CI artifact or a file share as well as from disk.
/// Every value from a report is HTML-encoded: the reports are written by other stages and may say anything.
/// </summary>
public static class ReportPage
{
    private const string Style = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em;
            color: #1d1d1f; }
        h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: .5em 0; }
        th, td { text-align: left; padding: .25em .8em .25em 0; vertical-align: top; }
        th { border-bottom: 1px solid #bbb; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, pre { font: 12px ui-monospace, monospace; }
        pre { background: #f6f6f6; padding: .4em; margin: 0; white-space: pre-wrap; }
        .badge { display: inline-block; padding: .1em .6em; border-radius: .8em; font-weight: 600; }
        .good { background: #d8f3dc; color: #1b5e20; } .bad { background: #fdd; color: #b00020; }
        .unclear { background: #fff3cd; color: #7a5b00; } .missing { background: #eee; color: #555; }
        .arches { display: flex; flex-wrap: wrap; gap: 1em; }
        .arch { border: 1px solid #ddd; border-radius: .4em; padding: .6em 1em; flex: 1 1 30em; }
        #facts th { width: 12em; } #verdicts td { min-width: 12em; }
        .check { margin: .6em 0 1em; }
        .note { color: #555; }
        img { width: min(100%, 32em); border: 1px solid #ccc; image-rendering: pixelated; }
        figure { margin: .5em 0; } figcaption { font-size: 12px; color: #555; }
        .decision { font-size: 1.25em; font-weight: 700; padding: .5em .8em; border-radius: .4em; }
        """;

    /// <summary>A round icon in the decision's colour, inline (the page fetches nothing), so a tab says it at a
    /// glance.</summary>
    public static string Favicon(VerdictTone tone)
    {
        var colour = tone == VerdictTone.Good ? "%231b8a3a" : "%23c0102a";
        return "<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' " +
            "viewBox='0 0 16 16'%3E"
            + $"%3Ccircle cx='8' cy='8' r='7' fill='{colour}'/%3E%3C/svg%3E\">";
    }

    public static string Render(RunReport report)
    {
        var html = new StringBuilder();
        var failed = report.Results.Any(r => r.Status == TargetStatus.Failed);
        var decision = ReleaseDecision.Of(report);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            // Nothing on the page may come from the network.
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; " +
                "style-src 'unsafe-inline'\">\n")
            .Append($"<title>{E(decision.Sentence)}</title>\n{Favicon(decision.Tone)}\n<style>\n").Append(Style)
                .Append("</style>\n</head>\n<body>\n")
            .Append($"<p id=\"decision\" class=\"decision " +
                $"{(decision.Releasable ? "good" : "bad")}\">{E(decision.Sentence)}</p>\n")
            .Append("<h1>OpenH264 build report</h1>\n")
            .Append($"<p>Run {(failed ? Badge("failed", VerdictTone.Bad, "run-status") : Badge("succeeded",
                VerdictTone.Good, "run-status"))} ")
            .Append($"<span class=\"note\">generated " +
                $"{E(report.Generated.ToString("yyyy-MM-dd HH:mm:ss 'UTC'",
                    CultureInfo.InvariantCulture))}</span></p>\n");

        RunSummarySection.Write(html, report);
        Targets(html, report.Results);
        CheckDetailsSection.Write(html, report);
        Packages(html, report);
        Signature(html, report.Signature);
        Provenance(html, report.Provenance);
        RolloutSection.Write(html, report.Rollout);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    public static string Write(RunReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Render(report));
        return path;
    }

    /// <summary>A section's heading; with nothing to list, <paramref name="emptyNote"/> after it and false.</summary>
    private static bool Section(StringBuilder html, string title, int count, string emptyNote)
    {
        html.Append($"<h2>{title}</h2>\n");
        if (count > 0) return true;
        html.Append(emptyNote);
        return false;
    }

    private static void Targets(StringBuilder html, IReadOnlyList<TargetResult> results)
    {
        if (!Section(html, "Targets", results.Count, "<p class=\"note\">No target has run yet.</p>\n")) return;
        html.Append("<table id=\"targets\">\n<tr><th>Target</th><th>Status</th><th>Duration</th><th>Note</th></tr>\n");
        foreach (var r in results)
        {
            var tone = r.Status switch
            {
                TargetStatus.Succeeded => VerdictTone.Good,
                TargetStatus.Failed => VerdictTone.Bad,
                TargetStatus.Skipped => VerdictTone.Unclear,
                _ => VerdictTone.Missing,
            };
            var status = r.Status == TargetStatus.NotRun ? "not run" : r.Status.ToString().ToLowerInvariant();
            html.Append($"<tr data-target=\"{E(r.Name)}\"><td>{E(r.Name)}</td><td>{Badge(status, tone)}</td>")
                .Append($"<td class=\"num\">{(r.Duration == TimeSpan.Zero ? ""
                    : E(Duration(r.Duration)))}</td><td>{E(r.Reason ?? "")}</td></tr>\n");
        }
        var total = results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration);
        html.Append(
            $"<tr><th>Total</th><th></th><th class=\"num\">{E(Duration(total))}</th><th></th></tr>\n</table>\n");
    }

    private static void Packages(StringBuilder html, RunReport report)
    {
        if (!Section(html, "Packages", report.Packages.Count,
            "<p class=\"note\">The dist folder is empty or missing.</p>\n")) return;
        html.Append("<table id=\"packages\">\n<tr><th>File</th><th>Size</th><th>sha256</th></tr>\n");
        foreach (var p in report.Packages)
            html.Append($"<tr><td>{E(p.Name)}</td><td class=\"num\" title=\"{p.Size} " +
                $"bytes\">{E(Size(p.Size))}</td><td><code>{E(p.Sha256)}</code></td></tr>\n");
        html.Append("</table>\n");
    }

    private static void Signature(StringBuilder html, SignatureStatus signature)
    {
        // A development key's signature verifies too, but is never shown as a green "verified".
        var (text, tone) = (signature.State, signature.KeyKind) switch
        {
            (SignatureState.Verified, SigningKeyKind.Release) => ("verified", VerdictTone.Good),
            (SignatureState.Verified, SigningKeyKind.Development) => ("verified, development key", VerdictTone.Unclear),
            (SignatureState.Verified, _) => ("verified, key kind not recorded", VerdictTone.Unclear),
            (SignatureState.NotVerified, _) => ("signed, not verified", VerdictTone.Unclear),
            (SignatureState.Invalid, _) => ("signature does not verify", VerdictTone.Bad),
            _ => ("unsigned", VerdictTone.Missing),
        };
        html.Append($"<h2>Signature</h2>\n<p id=\"signature\">{Badge(text, tone, "signature-state")} " +
            $"{E(signature.Detail)}</p>\n");
    }

    private static void Provenance(StringBuilder html, IReadOnlyList<ProvenanceFile> provenance)
    {
        if (!Section(html, "Provenance", provenance.Count,
            "<p class=\"note\" id=\"provenance\">No provenance file (*.intoto.jsonl) in the dist.</p>\n")) return;
        html.Append("<div id=\"provenance\">\n");
        foreach (var file in provenance)
        {
            html.Append($"<p><code>{E(file.Name)}</code> {E(Size(file.Size))}, sha256 " +
                $"<code>{E(file.Sha256)}</code></p>\n");
            if (file.Problem is not null) { html.Append($"<p class=\"note\">{E(file.Problem)}</p>\n"); continue; }
            var about = new List<(string, string)>();
            if (file.PredicateType is not null) about.Add(("predicate", file.PredicateType));
            if (file.Builder is not null) about.Add(("builder", file.Builder));
            about.AddRange(file.Subjects.Select(s => ("subject " + s.Name, "sha256 " + s.Sha256)));
            Pairs(html, about, "provenance");
        }
        html.Append("</div>\n");
    }
}

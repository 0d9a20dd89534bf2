using System.Text;
using static OpenH264Build.Reporting.Html;

namespace OpenH264Build.Reporting;

/// <summary>
/// The top of the page, what a release manager decides on: version, commit, signing key kind, the fleet's glibc
/// floor, the log, one verdict per arch for ABI, Compat and soak, and the patch series with its upstream links.
/// </summary>
internal static class RunSummarySection
{
    public static void Write(StringBuilder html, RunReport report)
    {
        var facts = report.Facts;
        html.Append("<table id=\"facts\">\n");
        Fact(html, "version", "Version", E(facts.Version ?? "not known"));
        Fact(html, "commit", "Commit", facts.Commit is null ? "not known (not a git checkout)"
            : $"<code>{E(facts.Commit)}</code>");
        Fact(html, "key", "Signing key", KeyBadge(report.Signature));
        Fact(html, "floor", "glibc floor", E(Floor(report)));
        Fact(html, "log", "Log", facts.LogLink is null ? "no log written" : Link(facts.LogLink,
            Path.GetFileName(facts.LogLink)));
        html.Append("</table>\n");
        Verdicts(html, report);
        Patches(html, report.Patches);
    }

    private static void Fact(StringBuilder html, string id, string name, string valueHtml) =>
        html.Append($"<tr data-fact=\"{id}\"><th>{E(name)}</th><td>{valueHtml}</td></tr>\n");

    /// <summary>Green only for a release key whose signature verified: a development key is never shown as
    /// "verified".</summary>
    public static string KeyBadge(SignatureStatus signature) => (signature.State, signature.KeyKind) switch
    {
        (SignatureState.Unsigned, _) => Badge("unsigned", VerdictTone.Missing, "key-kind"),
        (SignatureState.Invalid, _) => Badge("signature does not verify", VerdictTone.Bad, "key-kind"),
        (_, SigningKeyKind.Development) => Badge("development key: not for release", VerdictTone.Unclear, "key-kind"),
        (SignatureState.Verified, SigningKeyKind.Release) => Badge("release key, verified", VerdictTone.Good,
            "key-kind"),
        (SignatureState.Verified, _) => Badge("verified, key kind not recorded", VerdictTone.Unclear, "key-kind"),
        _ => Badge(
            $"signed, not verified{(signature.KeyKind == SigningKeyKind.Release ? " (release key named)" : "")}",
                VerdictTone.Unclear, "key-kind"),
    };

    /// <summary>The floor the ABI check held each library to: --abi-floor when given, else the baseline's own, said
    /// which.</summary>
    public static string Floor(RunReport report)
    {
        var built = report.Facts.Suite is null ? ""
            : $"; built on {report.Facts.Suite}{(report.Facts.SuiteGlibc is null ? "" : $" (glibc " +
                $"{report.Facts.SuiteGlibc})")}";
        var checkedFloors = report.Checks
            .Where(c => c.Check == "abi" && VerdictSummary.For(report, "abi", c.Arch).Word != "not run")
            .Select(c => c.Fields?["floors"]?["GLIBC"]?.ToString())
            .OfType<string>().Distinct().ToList();
        var given = report.Facts.AbiFloor.FirstOrDefault(f => f.StartsWith("GLIBC_", StringComparison.Ordinal)
            || char.IsDigit(f[0]));
        // The ABI report already says whose floor it held the library to: "(set by --abi-floor)" or the baseline's own.
        if (checkedFloors.Count > 0) return string.Join("; ", checkedFloors) + built;
        return (given is null ? "the baseline's own (the ABI check did not run)"
            : $"{given} (set by --abi-floor; the ABI check did not run)") + built;
    }

    private static void Verdicts(StringBuilder html, RunReport report)
    {
        html.Append("<h2>Verdicts</h2>\n");
        var headers = new[] { "Arch" }.Concat(VerdictSummary.Columns.Select(VerdictSummary.Title)).ToList();
        html.Append("<table id=\"verdicts\">\n<tr>").Append(string.Concat(headers.Select(h => $"<th>{E(h)}</th>")))
            .Append("</tr>\n");
        foreach (var arch in report.Arches)
        {
            html.Append($"<tr data-arch=\"{E(arch)}\"><th>{E(arch)}</th>");
            foreach (var cell in VerdictSummary.Row(report,
                arch)) html.Append($"<td data-verdict=\"{cell.Check}\">{Cell(report, cell)}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string Cell(RunReport report, VerdictCell cell)
    {
        var text = new StringBuilder(Badge(cell.Word, cell.Tone, "verdict"));
        if (cell.Freshness is not null) text.Append($"<br><span class=\"note\" " +
            $"data-role=\"freshness\">{E(cell.Freshness)}</span>");
        if (cell.Note is not null) text.Append($"<br><span class=\"note\" data-role=\"why\">{E(cell.Note)}</span>");
        var source = report.Checks.FirstOrDefault(c => c.Arch == cell.Arch
            && c.Check == (cell.Check == "soak" ? "compat" : cell.Check));
        if (cell.Word != "not run" && source is { HasMarkdown: true }) text.Append("<br>")
            .Append(Link(source.MarkdownName));
        return text.ToString();
    }

    private static void Patches(StringBuilder html, PatchList? patches)
    {
        html.Append("<h2>Patches</h2>\n");
        if (patches is null)
        {
            html.Append(
                "<p class=\"note\" id=\"patches\">patch list not recorded (no patches.json from the Patch " +
                "target)</p>\n");
            return;
        }
        if (patches.Patches.Count == 0)
        {
            html.Append($"<p id=\"patches\">No patches: upstream as released{(patches.Folder is null ? "" : $" " +
                $"({E(patches.Folder)})")}.</p>\n");
            return;
        }
        html.Append(
            $"<p class=\"note\">Series from {E(patches.Folder ?? "native/patches")}, in the order applied.</p>\n");
        Table(html, "patches", ["Patch", "Subject", "Author", "Upstream", "Warnings"],
            patches.Patches.Select(p => (IReadOnlyList<string>)
        [
            $"<code>{E(p.Name)}</code>", E(p.Subject ?? ""), E(p.Author ?? ""),
            p.Links.Count == 0 ? "<span class=\"note\">no upstream link</span>" : string.Join("<br>",
                p.Links.Select(l => $"{E(FieldName(l.Kind))}: {ExternalLink(l.Url)}")),
            E(string.Join("; ", p.Warnings)),
        ]), id: "patches");
    }

    /// <summary>A link is labelled by the DEP-3 field it came from, as the header spells it (Bug, Forwarded, Origin,
    /// Applied-Upstream).</summary>
    public static string FieldName(string kind) => kind.ToLowerInvariant() switch
    {
        "bug" => "Bug",
        "forwarded" => "Forwarded",
        "origin" => "Origin",
        "applied-upstream" => "Applied-Upstream",
        _ when kind.StartsWith("bug-", StringComparison.OrdinalIgnoreCase) => "Bug-" + kind[4..],
        _ => kind,
    };

    /// <summary>Upstream links are the only links off the page: http(s) only, never scripts.</summary>
    private static string ExternalLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? $"<a href=\"{E(uri.AbsoluteUri)}\" rel=\"noreferrer\">{E(url)}</a>"
            : E(url);
}

using System.Text;
using System.Text.Json.Nodes;
using static OpenH264Build.Reporting.Html;

namespace OpenH264Build.Reporting;

/// <summary>
/// The compatibility report's streams as a table. The Markdown report writes "0 / 0" pictures for an encoder check
/// and "-" where FFmpeg was not asked; here each such cell says why.
/// </summary>
internal static class CompatStreamsTable
{
    public static void Write(StringBuilder html, JsonObject fields, string arch)
    {
        if (fields["framesDecoded"] is { } frames)
            html.Append(
                $"<p>{E(CheckDetailsSection.Number(frames,
                    "0"))} pictures decoded in {E(CheckDetailsSection.Number(fields["seconds"], "0.0"))} s ")
                .Append($"(<span data-role=\"speed\">" +
                    $"{E(CheckDetailsSection.Number(fields["framesPerSecond"], "0"))} frames/s, ")
                .Append($"wall time, both libraries{(Emulated(arch) ? ", emulated under qemu" : "")}</span>).</p>\n");
        var streams = (fields["streams"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (streams.Count == 0) return;
        Table(html, "streams", ["Stream", "Check", "Verdict", "Pictures (baseline / candidate)", "FFmpeg", "Note"],
            streams.Select(Row));
    }

    /// <summary>aarch64 runs under qemu on these machines: its speeds are not a Pi's.</summary>
    public static bool Emulated(string arch) => arch == "aarch64";

    private static IReadOnlyList<string> Row(JsonObject s)
    {
        string T(string name) => CheckDetailsSection.Text(s, name);
        var verdict = T("verdict");
        return
        [
            $"<code>{E(T("stream"))}</code>", E(T("kind")),
            Badge(verdict, CheckReportReader.ToneOf(verdict)),
            Pictures(s), E(Ffmpeg(s)), E(T("message")) + Reproducer(T("reproducer")),
        ];
    }

    /// <summary>A failed decode's reproducer bundle (repro/&lt;arch&gt;-&lt;stream&gt;/, beside the page).</summary>
    private static string Reproducer(string folder) => folder.Length == 0 ? ""
        : $" <a class=\"reproducer\" href=\"{E(folder)}/README.md\">reproducer bundle</a>" +
          $" (<a href=\"{E(folder)}/ISSUE.md\">ISSUE.md</a>)";

    private static string Pictures(JsonObject s)
    {
        var kind = CheckDetailsSection.Text(s, "kind");
        if (kind == "encode") return "<span class=\"note\">none: an encoder check compares the encoded bytes with " +
            "the baseline's</span>";
        return E($"{CheckDetailsSection.Text(s, "baselineFrames")} / {CheckDetailsSection.Text(s, "candidateFrames")}");
    }

    /// <summary>FFmpeg's verdict, or why FFmpeg was not asked.</summary>
    private static string Ffmpeg(JsonObject s)
    {
        string T(string name) => CheckDetailsSection.Text(s, name);
        if (T("oracleVerdict") is { Length: > 0 } said) return said;
        if (T("kind") == "encode") return "not used: an encoder check";
        if (T("oracle") != "ffmpeg") return "not used: FFmpeg is the oracle only for constrained-baseline streams";
        if (T("candidateCrashed") == "true") return "not asked: the candidate crashed";
        return "not asked: the pictures already differ from the baseline's";
    }
}

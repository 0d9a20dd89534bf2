using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenH264Build.Compat;

/// <summary>Writes compat-&lt;arch&gt;.json (for machines) and compat-&lt;arch&gt;.md (for people; also the CI step
/// summary).</summary>
public static class CompatReportWriter
{
    public static (string Json, string Markdown) Write(CompatReport report, string reportsDirectory)
    {
        Directory.CreateDirectory(reportsDirectory);
        var json = Path.Combine(reportsDirectory, $"compat-{report.Arch}.json");
        var markdown = Path.Combine(reportsDirectory, $"compat-{report.Arch}.md");
        File.WriteAllText(json, JsonSerializer.Serialize(report, CorpusManifest.Json) + "\n");
        File.WriteAllText(markdown, Markdown(report));
        return (json, markdown);
    }

    public static string Markdown(CompatReport report)
    {
        var md = new StringBuilder();
        WriteHeader(md, report);
        md.AppendLine("| stream | check | verdict | pictures (baseline / candidate) | FFmpeg oracle | note |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in report.Streams)
            md.AppendLine(
                $"| {s.Stream} | {s.Kind} | {s.Verdict} | {s.BaselineFrames} / {s.CandidateFrames} | {s.OracleVerdict
                    ?? "-"} | {Escape(s.Message)} |");
        foreach (var s in report.Streams.Where(s => s.Difference is not null))
            WriteDifference(md, s.Stream, s.Difference!);
        foreach (var s in report.Streams.Where(s => s.Reproducer is not null))
            md.AppendLine()
                .AppendLine(
                    $"Reproducer of {s.Stream}: [{s.Reproducer}/]({s.Reproducer}/README.md) (`./reproduce.sh`)");
        return md.ToString();
    }

    /// <summary>The verdict, what was compared, and how fast it decoded.</summary>
    private static void WriteHeader(StringBuilder md, CompatReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine($"## Compatibility {report.Arch}: {(report.Passed ? "pass" : "FAIL")}");
        md.AppendLine();
        md.AppendLine($"- baseline: {Escape(report.Baseline)}");
        md.AppendLine($"- candidate: {Escape(report.Candidate)}");
        if (report.CandidateSha256 is not null) md.AppendLine($"- candidate sha256: `{report.CandidateSha256}`");
        if (report.BaselineSha256 is not null) md.AppendLine($"- baseline sha256: `{report.BaselineSha256}`");
        if (report.CheckedAt is { } at) md.AppendLine($"- checked at: {at.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        if (report.Sandbox is not null) md.AppendLine(
            $"- run in the sandbox (no network, no secrets, read-only); {Escape(report.Sandbox)}");
        md.AppendLine();
        md.AppendLine(
            $"{report.FramesDecoded} pictures decoded in {report.Seconds.ToString("0.0",
                inv)} s ({report.FramesPerSecond.ToString("0", inv)} frames/s).");
        md.AppendLine();
        if (report.Decodes is { } decodes) md.AppendLine($"Decodes: {decodes}.").AppendLine();
        if (report.Soak is { } soak) md.AppendLine(SoakLine(soak, report.Arch)).AppendLine();
    }

    /// <summary>Where one stream first differs, how much, the images of that frame and the difference over
    /// time.</summary>
    private static void WriteDifference(StringBuilder md, string stream, StreamDifference d)
    {
        md.AppendLine();
        md.AppendLine($"### {stream}: differs from {d.Against} from frame {d.FirstFrame}, plane {d.FirstPlane}");
        md.AppendLine();
        md.AppendLine($"- planes that differ: {string.Join(", ", d.Planes)}");
        if (d.MacroblockRow is not null)
            md.AppendLine($"- first differing macroblock: row {d.MacroblockRow}, column {d.MacroblockColumn}");
        if (d.DifferentMacroblocks is not null)
            md.AppendLine($"- differing macroblocks in frame {d.FirstFrame}: {d.DifferentMacroblocks} of " +
                $"{d.MacroblocksPerFrame}; over the following frames it {d.Trend}");
        if (d.PsnrFirst is not null)
            md.AppendLine($"- PSNR (Y/U/V) at frame {d.FirstFrame}: {d.PsnrFirst.Y} / {d.PsnrFirst.U} / " +
                $"{d.PsnrFirst.V} dB; at frame {d.LastFrame}: {d.PsnrLast!.Y} / {d.PsnrLast.U} / {d.PsnrLast.V} dB");
        if (d.Images is not null)
            md.AppendLine($"- frame {d.FirstFrame}: [{d.Against}]({d.Images.Baseline}) · " +
                $"[candidate]({d.Images.Candidate}) · [difference heat map]({d.Images.HeatMap})");
        if (d.OverTime is not { Count: > 0 }) return;
        md.AppendLine();
        md.AppendLine("| frame | differing MBs | PSNR Y | PSNR U | PSNR V |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (
            var row in d.OverTime) md.AppendLine($"| {row.Frame} | {row.DifferentMacroblocks} | {row.Y} | " +
                $"{row.U} | {row.V} |");
    }

    /// <summary>How long the candidate was soaked on this arch, or that it was not.</summary>
    public static string SoakLine(SoakSummary soak, string arch) => soak.Included
        ? $"Soak on {arch}: {soak.PlayTime()} in {soak.Streams} streams, decoded by the candidate in " +
            $"{soak.DecodeSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s of CPU time " +
            $"({soak.FramesPerSecond.ToString("N0", CultureInfo.InvariantCulture)} frames/s)."
        : $"Soak on {arch}: NOT RUN (--compat-quick left the soak streams out; a release refuses this dist).";

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}

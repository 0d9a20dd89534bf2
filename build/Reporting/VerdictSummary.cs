using System.Globalization;
using OpenH264Build.Engine;

namespace OpenH264Build.Reporting;

/// <summary>
/// One verdict of this run for one arch: what the page's verdict table and the CI step summary show.
/// <see cref="Freshness"/> tells a check that ran now from one reused from the verdict cache.
/// </summary>
public sealed record VerdictCell(string Check, string Arch, string Word, VerdictTone Tone, string? Freshness,
    string? Note);

/// <summary>
/// Decides what the run may claim per arch, for ABI, Compat and soak: a report counts only when this run asked for
/// the arch and ran the check's target; otherwise the cell says "not run" and why, whatever an earlier run left in
/// the reports folder. A verdict whose check ran before this run started ("checkedAt") was reused from the cache.
/// </summary>
public static class VerdictSummary
{
    public static readonly IReadOnlyList<string> Columns = ["abi", "compat", "soak"];

    public static string Title(string check) => check switch { "abi" => "ABI", "compat" => "Compat", "soak" => "Soak",
        _ => check };

    public static VerdictCell For(RunReport report, string check, string arch)
    {
        var source = check == "soak" ? "compat" : check;
        var notRun = WhyNotRun(report, source, arch);
        if (notRun is not null) return new VerdictCell(check, arch, "not run", VerdictTone.Missing, null, notRun);

        var c = report.Checks.FirstOrDefault(x => x.Check == source && x.Arch == arch);
        if (c is null || c.Problem is not null && c.Verdict is null)
            return new VerdictCell(check, arch, c?.Tone == VerdictTone.Unclear ? "unreadable" : "no report", c?.Tone
                ?? VerdictTone.Missing, null,
                c?.Problem ?? "no report");
        var freshness = Freshness(c, report.Facts.StartedAt);
        return check == "soak" ? Soak(c, freshness) : new VerdictCell(check, arch, c.Verdict!, c.Tone, freshness, null);
    }

    /// <summary>The cells of one arch, in <see cref="Columns"/> order.</summary>
    public static IReadOnlyList<VerdictCell> Row(RunReport report,
        string arch) => Columns.Select(c => For(report, c, arch)).ToList();

    private static string? WhyNotRun(RunReport report, string check, string arch)
    {
        if (report.Facts.StartedAt is null) return null; // a page made outside a run: show what the reports say
        var targetName = check == "abi" ? "Abi" : "Compat";
        var target = report.Results.FirstOrDefault(r => r.Name == targetName);
        if (target is null) return $"{targetName} was not part of this run";
        if (target.Status is TargetStatus.Skipped or TargetStatus.NotRun) return $"{targetName}: {target.Reason
            ?? "not run"}";
        if (report.Facts.RequestedArches is { } asked && !asked.Contains(arch))
            return $"{arch} was not asked for (--arch)";
        return null;
    }

    private static string Freshness(CheckReport c, DateTimeOffset? runStarted) => c.CheckedAt switch
    {
        null => "check time not recorded",
        { } at when runStarted is { } start && at < start => $"reused from cache (run of {Time(at)})",
        { } at => $"checked in this run ({Time(at)})",
    };

    private static VerdictCell Soak(CheckReport compat, string freshness)
    {
        var soak = compat.Soak;
        if (soak is null) return new VerdictCell("soak", compat.Arch, "not recorded", VerdictTone.Missing, null,
            "the compatibility report says nothing about soak streams");
        if (soak.Included != true) return new VerdictCell("soak", compat.Arch, "not run", VerdictTone.Missing, null,
            "a quick run (--compat-quick) left the soak streams out");
        var word = soak.Verdict ?? compat.Verdict!;
        var note = string.Create(CultureInfo.InvariantCulture,
            $"{soak.Streams} streams, {soak.Frames} pictures ({soak.PlaySeconds:0} s of video at 25 fps){(
                soak.FramesPerSecond is { } fps ? $", {fps:0} frames/s ({SoakSpeed(compat.Arch)})" : "")}");
        return new VerdictCell("soak", compat.Arch, word, CheckReportReader.ToneOf(word), freshness, note);
    }

    /// <summary>What the soak's speed measures: the candidate's decode CPU time, which a busy machine does not
    /// inflate.</summary>
    private static string SoakSpeed(string arch) =>
        "CPU time of the candidate's decodes" + (CompatStreamsTable.Emulated(arch) ? ", emulated under qemu" : "");

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'",
        CultureInfo.InvariantCulture);
}

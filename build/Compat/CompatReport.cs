namespace OpenH264Build.Compat;

/// <summary>The result of one arch's compatibility run: written as artifacts/reports/compat-&lt;arch&gt;.json and
/// .md.</summary>
public sealed record CompatReport(
    string Verdict,
    string Arch,
    string Baseline,
    string Candidate,
    int FramesDecoded,
    double Seconds,
    double FramesPerSecond,
    IReadOnlyList<StreamResult> Streams,
    string? CandidateSha256 = null,
    string? BaselineSha256 = null,
    DateTime? CheckedAt = null,
    SoakSummary? Soak = null,
    string? Sandbox = null,
    DecodeCounts? Decodes = null)
{
    public bool Passed => Verdict == "pass";

    /// <summary>One line per failed check, naming the stream and where it first differs (for the build's failure
    /// message).</summary>
    public IEnumerable<string> Failures() => Streams.Where(s => s.Verdict == "fail")
        .Select(s => $"{s.Stream} ({s.Kind}): {s.Message}");
}

/// <summary>
/// One check of one stream: "decode" (pictures) or "encode" (bitstream bytes). Reproducer: the folder of a failed
/// decode's reproducer bundle, relative to the reports folder (repro/&lt;arch&gt;-&lt;stream&gt;).
/// </summary>
public sealed record StreamResult(
    string Stream,
    string Kind,
    string Verdict,
    string Message,
    int BaselineFrames,
    int CandidateFrames,
    string? BaselineDigest,
    string? CandidateDigest,
    bool CandidateCrashed = false,
    string? Oracle = null,
    string? OracleVerdict = null,
    StreamDifference? Difference = null,
    string? AcceptedBecause = null,
    bool StreamSha256Matches = true,
    string? CandidateEnding = null,
    bool Soak = false,
    double? CandidateDecodeSeconds = null,
    double? BaselineDecodeSeconds = null,
    bool BaselineReused = false,
    bool CandidateReused = false,
    string? StreamSha256 = null,
    string? Reproducer = null);

/// <summary>How many streams each side decoded in this run and how many it took from the decode cache.</summary>
public sealed record DecodeCounts(int BaselineDecoded, int BaselineReused, int CandidateDecoded, int CandidateReused)
{
    public static DecodeCounts Of(IReadOnlyList<StreamResult> results)
    {
        var decodes = results.Where(r => r.Kind == "decode").ToList();
        int Count(Func<StreamResult, bool> which) => decodes.Count(which);
        return new DecodeCounts(Count(r => !r.BaselineReused), Count(r => r.BaselineReused),
            Count(r => !r.CandidateReused), Count(r => r.CandidateReused));
    }

    /// <summary>"baseline: 0 decoded, 41 reused from the decode cache; candidate: 41 decoded, 0 reused".</summary>
    public override string ToString() =>
        $"baseline: {BaselineDecoded} decoded, {BaselineReused} {DecodeDigestCache.ReusedPhrase}; " +
        $"candidate: {CandidateDecoded} decoded, {CandidateReused} {DecodeDigestCache.ReusedPhrase}";
}

/// <summary>
/// The long streams of the run: how many pictures the candidate decoded, how long they would play at 25 fps, and how
/// fast it went. Included is false for a quick run that left them out (a release refuses that).
/// </summary>
public sealed record SoakSummary(bool Included, int Streams, int Frames, int PlaySeconds, double DecodeSeconds,
    double FramesPerSecond)
{
    public const int PlayRate = 25;

    public static SoakSummary Of(bool included, IReadOnlyList<StreamResult> results)
    {
        var soak = results.Where(r => r.Soak && r.Kind == "decode").ToList();
        var frames = soak.Sum(r => r.CandidateFrames);
        var seconds = soak.Sum(r => r.CandidateDecodeSeconds ?? 0);
        return new SoakSummary(included, soak.Count, frames, frames / PlayRate, Math.Round(seconds, 1),
            seconds > 0 ? Math.Round(frames / seconds, 1) : 0);
    }

    /// <summary>"70,000 frames = 46 min 40 s at 25 fps".</summary>
    public string PlayTime()
    {
        var time = TimeSpan.FromSeconds(PlaySeconds);
        var text = time.TotalHours >= 1
            ? $"{(int)time.TotalHours} h {time.Minutes} min {time.Seconds} s" : $"{time.Minutes} min {time.Seconds} s";
        return $"{Frames.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} frames = {text} at " +
            $"{PlayRate} fps";
    }
}

/// <summary>Where the candidate's pictures part from the reference ("baseline" or "ffmpeg").</summary>
public sealed record StreamDifference(
    string Against,
    int FirstFrame,
    string FirstPlane,
    IReadOnlyList<string> Planes,
    int? MacroblockRow,
    int? MacroblockColumn,
    int? DifferentMacroblocks,
    int? MacroblocksPerFrame,
    string? Trend,
    PlanePsnr? PsnrFirst,
    PlanePsnr? PsnrLast,
    int? LastFrame,
    IReadOnlyList<PsnrRow>? OverTime,
    DifferenceImagePaths? Images);

public sealed record PlanePsnr(string Y, string U, string V)
{
    public static PlanePsnr Of(FrameDifference d) => new(Psnr.Format(d.PsnrY), Psnr.Format(d.PsnrU),
        Psnr.Format(d.PsnrV));
}

public sealed record PsnrRow(int Frame, int DifferentMacroblocks, string Y, string U, string V);

/// <summary>Paths relative to the reports folder, so the Markdown links work wherever the folder is copied.</summary>
public sealed record DifferenceImagePaths(string Baseline, string Candidate, string HeatMap);

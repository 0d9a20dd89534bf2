namespace OpenH264Build.Compat;

/// <summary>The result of one arch's compatibility run: written as artifacts/reports/compat-&lt;arch&gt;.json and .md.</summary>
public sealed record CompatReport(
    string Verdict,
    string Arch,
    string Baseline,
    string Candidate,
    int FramesDecoded,
    double Seconds,
    double FramesPerSecond,
    IReadOnlyList<StreamResult> Streams)
{
    public bool Passed => Verdict == "pass";

    /// <summary>One line per failed check, naming the stream and where it first differs (for the build's failure message).</summary>
    public IEnumerable<string> Failures() => Streams.Where(s => s.Verdict == "fail").Select(s => $"{s.Stream} ({s.Kind}): {s.Message}");
}

/// <summary>One check of one stream: "decode" (pictures) or "encode" (bitstream bytes).</summary>
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
    bool StreamSha256Matches = true);

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
    public static PlanePsnr Of(FrameDifference d) => new(Psnr.Format(d.PsnrY), Psnr.Format(d.PsnrU), Psnr.Format(d.PsnrV));
}

public sealed record PsnrRow(int Frame, int DifferentMacroblocks, string Y, string U, string V);

/// <summary>Paths relative to the reports folder, so the Markdown links work wherever the folder is copied.</summary>
public sealed record DifferenceImagePaths(string Baseline, string Candidate, string HeatMap);

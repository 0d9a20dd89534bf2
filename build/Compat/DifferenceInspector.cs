using OpenH264Build.Containers;
using OpenH264Build.Host;
namespace OpenH264Build.Compat;

/// <summary>
/// Looks at a stream whose pictures differ: decodes it once more in the sandbox, writing the pictures from the first
/// differing one on (a soak stream's difference at picture 65,536 needs only its last pictures on disk), then names
/// the first differing macroblock, follows the difference over the remaining pictures and draws the first one.
/// </summary>
public sealed class DifferenceInspector(CompatRun run, HarnessRunner harness)
{
    public async Task<StreamDifference?> AnalyzeAsync(CorpusItem item, string against, DecodeRun baseline,
        DecodeRun candidate, DigestDifference? difference, CancellationToken cancellationToken)
    {
        if (difference is null) return null; // a crash after all of the baseline's pictures were equal: nothing to draw
        if (difference.OnlyFrameCount) return new StreamDifference(against, difference.Frame, "all", [],
            null, null, null, null, null, null, null, null, null, null);
        var name = item.Stream.Name;
        var from = difference.Frame;
        var candidateRun = harness.RunAsync(run.CandidateLibrary,
            new HarnessBatch().Decode(name, item.StreamPath, rawFrom: from), "candidate-raw", cancellationToken);
        string referenceRaw;
        IReadOnlyList<FrameDigest> expectedFrames;
        BatchResult? baselineResult = null;
        if (against == "baseline")
        {
            baselineResult = await harness.RunAsync(run.BaselineLibrary,
                new HarnessBatch().Decode(name, item.StreamPath, rawFrom: from), "baseline-raw", cancellationToken);
            referenceRaw = baselineResult.RawFile(name);
            expectedFrames = baselineResult.Decoded(name).Frames;
        }
        else
        {
            referenceRaw = Path.Combine(run.WorkDirectory, name + ".ffmpeg.yuv");
            expectedFrames = await FfmpegReference.DecodeAsync(item.StreamPath, candidate.Frames[0].Width,
                candidate.Frames[0].Height, referenceRaw, from, cancellationToken);
        }
        var candidateResult = await candidateRun;
        try
        {
            return Analyze(name, against, difference, referenceRaw, expectedFrames, candidateResult.RawFile(name),
                candidateResult.Decoded(name).Frames, from);
        }
        finally
        {
            // The raw pictures can be large (long streams): they served their purpose.
            Directory.Delete(candidateResult.Folder, true);
            if (baselineResult is not null) Directory.Delete(baselineResult.Folder, true);
            else File.Delete(referenceRaw);
        }
    }

    private StreamDifference Analyze(string name, string against, DigestDifference difference, string referenceRaw,
        IReadOnlyList<FrameDigest> expectedFrames,
        string candidateRaw, IReadOnlyList<FrameDigest> candidateFrames, int from)
    {
        DifferenceImagePaths? images = null;
        var analysis = DifferenceAnalyzer.Analyze(referenceRaw, expectedFrames, candidateRaw,
            candidateFrames, (frame, e, a) =>
        {
            var folder = $"compat-{run.Arch.Name()}";
            images =
                new DifferenceImagePaths($"{folder}/{name}-{frame}-{against}.png", $"{folder}/{name}-" +
                    $"{frame}-candidate.png",
                $"{folder}/{name}-{frame}-heatmap.png");
            DifferenceImages.Write(e, a, Path.Combine(run.ReportsDirectory, images.Baseline),
                Path.Combine(run.ReportsDirectory, images.Candidate),
                Path.Combine(run.ReportsDirectory, images.HeatMap));
        }, from);
        if (analysis is null)
            return new StreamDifference(against, difference.Frame, difference.Planes[0].ToString(),
                difference.Planes.Select(p => p.ToString()).ToList(),
                null, null, null, null, null, null, null, null, null, null);
        return new StreamDifference(against, analysis.FirstFrame, analysis.FirstPlane.ToString(),
            analysis.Planes.Select(p => p.ToString()).ToList(),
            analysis.MacroblockRow, analysis.MacroblockColumn, analysis.First.DifferentMacroblocks,
                analysis.MacroblocksPerFrame, analysis.Trend,
            PlanePsnr.Of(analysis.First), PlanePsnr.Of(analysis.Last), analysis.Last.Frame,
            analysis.OverTime.Select(o => new PsnrRow(o.Frame, o.DifferentMacroblocks, Psnr.Format(o.PsnrY),
                Psnr.Format(o.PsnrU), Psnr.Format(o.PsnrV))).ToList(),
            images);
    }

    /// <summary>The one line a failure gives: how the candidate ended, where it first differs, and how many pictures it
    /// gave.</summary>
    /// <param name="arch">The arch it ran on: a SIGILL on aarch64 is named as the fleet CPU's (FleetCpu).</param>
    public static string Describe(StreamDifference? d, DigestDifference? digest, DecodeRun candidate,
        DecodeRun baseline,
        TargetArch? arch = null)
    {
        var parts = new List<string>();
        if (candidate.Ending == "timeout") parts.Add($"candidate timed out (the sandbox's time limit) after " +
            $"{candidate.Frames.Count} pictures");
        else if (
            candidate.Crashed) parts.Add($"candidate crashed ({candidate.Ending}) after " +
                $"{candidate.Frames.Count} pictures");
        if (arch is { } a && FleetCpu.Explain(a, candidate.Ending) is { } illegal) parts.Add(illegal);
        if (d is not null && d.Planes.Count > 0)
            parts.Add($"differs from {d.Against} from frame {d.FirstFrame}, plane {d.FirstPlane}" +
                      (d.MacroblockRow is null ? ""
                          : $", first at macroblock row {d.MacroblockRow} column {d.MacroblockColumn}, " +
                              $"{d.DifferentMacroblocks} macroblocks, {d.Trend}"));
        if (digest is not null && digest.ExpectedFrames != digest.ActualFrames)
            parts.Add(
                $"candidate gave {digest.ActualFrames} pictures, {(digest.ExpectedFrames < 0 ? "reference"
                    : "reference gave " + digest.ExpectedFrames)}");
        else if (candidate.Frames.Count != baseline.Frames.Count)
            parts.Add($"candidate gave {candidate.Frames.Count} pictures, baseline {baseline.Frames.Count}");
        return string.Join("; ", parts);
    }
}

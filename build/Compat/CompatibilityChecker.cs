using System.Collections.Concurrent;
using System.Diagnostics;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>What one arch's run needs: the harness built for that arch, the two libraries, and where to write.</summary>
public sealed record CompatRun(
    TargetArch Arch,
    string Harness,
    string BaselineLibrary,
    string CandidateLibrary,
    string WorkDirectory,
    string ReportsDirectory,
    AcceptedDifferences Accepted,
    int Parallelism,
    string? BaselineDescription = null,
    string? CandidateDescription = null);

/// <summary>
/// Decodes every corpus stream with the baseline and the candidate library of one arch (in parallel), compares the
/// pictures frame for frame, checks constrained-baseline streams against FFmpeg's decoder too, compares the encoders'
/// bytes, and on any difference analyses it and draws the first differing picture.
/// </summary>
public sealed class CompatibilityChecker(CompatRun run)
{
    private readonly HarnessRunner _harness = new(run.Harness, new ArchExecutor(run.Arch));
    private int _frames;

    /// <summary>For other stages and tests: one library's per-picture digests of one stream.</summary>
    public static Task<DecodeRun> DecodeAsync(string harness, string library, TargetArch arch, string stream, CancellationToken cancellationToken = default) =>
        new HarnessRunner(harness, new ArchExecutor(arch)).DecodeAsync(library, stream, null, cancellationToken);

    /// <summary>For other stages and tests: where a library's pictures differ from FFmpeg's decoder (null: identical).</summary>
    public static async Task<DigestDifference?> CompareWithFfmpegAsync(string harness, string library, TargetArch arch, string stream, string workDirectory,
        CancellationToken cancellationToken = default)
    {
        var decoded = await DecodeAsync(harness, library, arch, stream, cancellationToken);
        if (decoded.Frames.Count == 0) return new DigestDifference(0, [], -1, 0);
        Directory.CreateDirectory(workDirectory);
        var reference = await FfmpegReference.DecodeAsync(stream, decoded.Frames[0].Width, decoded.Frames[0].Height,
            Path.Combine(workDirectory, Path.GetFileNameWithoutExtension(stream) + ".ffmpeg.yuv"), cancellationToken);
        return DigestComparer.Compare(reference, decoded.Frames);
    }

    public async Task<CompatReport> RunAsync(IReadOnlyList<CorpusStream> corpus, CorpusGenerator generator, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(run.WorkDirectory);
        // Streams from OpenH264's own encoder are made by this arch's baseline: one at a time, before the decodes.
        var items = new List<CorpusItem>();
        foreach (var stream in corpus)
            if (await generator.MaterializeAsync(stream, _harness, run.BaselineLibrary, cancellationToken) is { } item) items.Add(item);

        var watch = Stopwatch.StartNew();
        var results = new ConcurrentDictionary<int, List<StreamResult>>();
        await Parallel.ForEachAsync(items.Select((item, index) => (item, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, run.Parallelism), CancellationToken = cancellationToken },
            async (entry, token) => results[entry.index] = await CheckAsync(entry.item, token));
        watch.Stop();

        var streams = results.OrderBy(r => r.Key).SelectMany(r => r.Value).ToList();
        var seconds = Math.Max(watch.Elapsed.TotalSeconds, 0.001);
        var report = new CompatReport(streams.All(s => s.Verdict != "fail") ? "pass" : "fail", run.Arch.Name(),
            run.BaselineDescription ?? Path.GetFileName(run.BaselineLibrary), run.CandidateDescription ?? Path.GetFileName(run.CandidateLibrary), _frames, Math.Round(seconds, 2),
            Math.Round(_frames / seconds, 1), streams);
        Log.Information("Compat {Arch}: {Frames} pictures in {Seconds:0.0} s, {Fps:0} frames/s{Emulated}", run.Arch.Name(), _frames, seconds,
            _frames / seconds, new ArchExecutor(run.Arch).IsEmulated ? " (emulated)" : "");
        return report;
    }

    private async Task<List<StreamResult>> CheckAsync(CorpusItem item, CancellationToken cancellationToken)
    {
        var results = new List<StreamResult> { await CheckDecodeAsync(item, cancellationToken) };
        if (item.EncoderInput is not null && item.Stream.OpenH264 is { } recipe)
            results.Add(await CheckEncodeAsync(item, recipe, cancellationToken));
        return results;
    }

    private async Task<StreamResult> CheckDecodeAsync(CorpusItem item, CancellationToken cancellationToken)
    {
        var name = item.Stream.Name;
        var baseline = await _harness.DecodeAsync(run.BaselineLibrary, item.StreamPath, null, cancellationToken);
        var candidate = await _harness.DecodeAsync(run.CandidateLibrary, item.StreamPath, null, cancellationToken);
        Interlocked.Add(ref _frames, baseline.Frames.Count + candidate.Frames.Count);
        if (baseline.Crashed || baseline.Frames.Count == 0)
            throw new Engine.BuildFailure($"The baseline library cannot decode corpus stream '{name}' on {run.Arch.Name()} (exit {baseline.ExitCode}): the corpus or the baseline is broken");

        var difference = DigestComparer.Compare(baseline.Frames, candidate.Frames);
        var against = "baseline";
        string? oracleVerdict = null;
        string? referenceRaw = null;
        if (difference is null && !candidate.Crashed && item.Stream.UsesFfmpegOracle)
        {
            referenceRaw = Path.Combine(run.WorkDirectory, name + ".ffmpeg.yuv");
            var reference = await FfmpegReference.DecodeAsync(item.StreamPath, candidate.Frames[0].Width, candidate.Frames[0].Height, referenceRaw, cancellationToken);
            difference = DigestComparer.Compare(reference, candidate.Frames);
            oracleVerdict = difference is null ? "equal" : "differs";
            if (difference is not null) against = "ffmpeg";
        }

        if (difference is null && !candidate.Crashed)
            return new StreamResult(name, "decode", "pass", $"{candidate.Frames.Count} pictures equal", baseline.Frames.Count, candidate.Frames.Count,
                baseline.Digest, candidate.Digest, Oracle: item.Stream.Oracle, OracleVerdict: oracleVerdict, StreamSha256Matches: item.Sha256Matches);

        var accepted = candidate.Crashed ? null : run.Accepted.Find(name, "decode", run.Arch, candidate.Digest);
        var analysis = await AnalyzeAsync(item, against, referenceRaw, baseline, candidate, difference, cancellationToken);
        var message = Describe(analysis, difference, candidate, baseline);
        return new StreamResult(name, "decode", accepted is null ? "fail" : "accepted", accepted is null ? message : $"accepted: {accepted.Reason}",
            baseline.Frames.Count, candidate.Frames.Count, baseline.Digest, candidate.Digest, candidate.Crashed, item.Stream.Oracle, oracleVerdict,
            analysis, accepted?.Reason, item.Sha256Matches);
    }

    private async Task<StreamDifference?> AnalyzeAsync(CorpusItem item, string against, string? referenceRaw, DecodeRun baseline, DecodeRun candidate,
        DigestDifference? difference, CancellationToken cancellationToken)
    {
        if (difference is null) return null; // a crash after all of the baseline's pictures were equal: nothing to draw
        var name = item.Stream.Name;
        var expectedFrames = baseline.Frames;
        if (against == "baseline")
        {
            referenceRaw = Path.Combine(run.WorkDirectory, name + ".baseline.yuv");
            expectedFrames = (await _harness.DecodeAsync(run.BaselineLibrary, item.StreamPath, referenceRaw, cancellationToken)).Frames;
        }
        var candidateRaw = Path.Combine(run.WorkDirectory, name + ".candidate.yuv");
        var candidateFrames = (await _harness.DecodeAsync(run.CandidateLibrary, item.StreamPath, candidateRaw, cancellationToken)).Frames;
        if (difference.OnlyFrameCount)
            return new StreamDifference(against, difference.Frame, "all", [], null, null, null, null, null, null, null, null, null, null);

        DifferenceImagePaths? images = null;
        var analysis = DifferenceAnalyzer.Analyze(referenceRaw!, expectedFrames, candidateRaw, candidateFrames, (frame, e, a) =>
        {
            var folder = $"compat-{run.Arch.Name()}";
            images = new DifferenceImagePaths($"{folder}/{name}-{frame}-{against}.png", $"{folder}/{name}-{frame}-candidate.png",
                $"{folder}/{name}-{frame}-heatmap.png");
            DifferenceImages.Write(e, a, Path.Combine(run.ReportsDirectory, images.Baseline), Path.Combine(run.ReportsDirectory, images.Candidate),
                Path.Combine(run.ReportsDirectory, images.HeatMap));
        });
        // The raw pictures can be large (long streams): they served their purpose.
        File.Delete(candidateRaw);
        if (analysis is null)
            return new StreamDifference(against, difference.Frame, difference.Planes[0].ToString(), difference.Planes.Select(p => p.ToString()).ToList(),
                null, null, null, null, null, null, null, null, null, null);
        return new StreamDifference(against, analysis.FirstFrame, analysis.FirstPlane.ToString(), analysis.Planes.Select(p => p.ToString()).ToList(),
            analysis.MacroblockRow, analysis.MacroblockColumn, analysis.First.DifferentMacroblocks, analysis.MacroblocksPerFrame, analysis.Trend,
            PlanePsnr.Of(analysis.First), PlanePsnr.Of(analysis.Last), analysis.Last.Frame,
            analysis.OverTime.Select(o => new PsnrRow(o.Frame, o.DifferentMacroblocks, Psnr.Format(o.PsnrY), Psnr.Format(o.PsnrU), Psnr.Format(o.PsnrV))).ToList(),
            images);
    }

    private static string Describe(StreamDifference? d, DigestDifference? digest, DecodeRun candidate, DecodeRun baseline)
    {
        var parts = new List<string>();
        if (candidate.Crashed) parts.Add($"candidate crashed (exit {candidate.ExitCode}) after {candidate.Frames.Count} pictures");
        if (d is not null && d.Planes.Count > 0)
            parts.Add($"differs from {d.Against} from frame {d.FirstFrame}, plane {d.FirstPlane}" +
                      (d.MacroblockRow is null ? "" : $", first at macroblock row {d.MacroblockRow} column {d.MacroblockColumn}, {d.DifferentMacroblocks} macroblocks, {d.Trend}"));
        if (digest is not null && digest.ExpectedFrames != digest.ActualFrames)
            parts.Add($"candidate gave {digest.ActualFrames} pictures, {(digest.ExpectedFrames < 0 ? "reference" : "reference gave " + digest.ExpectedFrames)}");
        else if (candidate.Frames.Count != baseline.Frames.Count)
            parts.Add($"candidate gave {candidate.Frames.Count} pictures, baseline {baseline.Frames.Count}");
        return string.Join("; ", parts);
    }

    private async Task<StreamResult> CheckEncodeAsync(CorpusItem item, OpenH264Recipe recipe, CancellationToken cancellationToken)
    {
        var name = item.Stream.Name;
        var output = Path.Combine(run.WorkDirectory, name + ".candidate-encoded.h264");
        string candidateSha;
        try { candidateSha = await _harness.EncodeAsync(run.CandidateLibrary, item.EncoderInput!, recipe.Encoder, output, cancellationToken); }
        catch (EncoderCrashed e)
        {
            return new StreamResult(name, "encode", "fail", e.Message, 0, 0, item.Sha256, null, CandidateCrashed: true);
        }
        if (candidateSha == item.Sha256)
            return new StreamResult(name, "encode", "pass", "same bytes as the baseline's encoder", 0, 0, item.Sha256, candidateSha);
        var accepted = run.Accepted.Find(name, "encode", run.Arch, candidateSha);
        return new StreamResult(name, "encode", accepted is null ? "fail" : "accepted",
            accepted is null ? $"the encoder's bytes differ from the baseline's ({new FileInfo(output).Length} vs {new FileInfo(item.StreamPath).Length} bytes)" : $"accepted: {accepted.Reason}",
            0, 0, item.Sha256, candidateSha, AcceptedBecause: accepted?.Reason);
    }
}

using System.Diagnostics;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>What one arch's run needs: the harness built for that arch, the two libraries, the sandbox, and where to
/// write.</summary>
public sealed record CompatRun(
    TargetArch Arch,
    string Harness,
    string BaselineLibrary,
    string CandidateLibrary,
    string WorkDirectory,
    string ReportsDirectory,
    AcceptedDifferences Accepted,
    HarnessSandbox Sandbox,
    string? BaselineDescription = null,
    string? CandidateDescription = null,
    bool SoakIncluded = true,
    IReadOnlyList<string>? Companions = null,
    IDecodeDigestStore? DecodeDigests = null);

/// <summary>The baseline's and the candidate's decode of a stream whose pictures differ.</summary>
public sealed record FailedDecode(DecodeRun Baseline, DecodeRun Candidate);

/// <summary>
/// Decodes every corpus stream with the baseline and the candidate library of one arch, each library in one sandbox
/// container and both side by side, compares the pictures frame for frame, checks constrained-baseline streams
/// against FFmpeg's decoder too, compares the encoders' bytes, and on any difference analyses it and draws the first
/// differing picture.
/// </summary>
public sealed class CompatibilityChecker(CompatRun run)
{
    private readonly HarnessRunner _harness =
        new(run.Harness, run.Arch, run.Sandbox, run.WorkDirectory, run.Companions);

    public HarnessRunner Harness => _harness;

    private readonly Dictionary<string, FailedDecode> _failedDecodes = new(StringComparer.Ordinal);

    /// <summary>
    /// Both decodes of each stream that failed in the last check: a reproducer bundle takes its digests from them
    /// rather than decoding again. Each decode ran in a harness process of its own, as reproduce.sh runs it.
    /// </summary>
    public IReadOnlyDictionary<string, FailedDecode> FailedDecodes => _failedDecodes;

    /// <summary>The streams of the corpus, made or fetched once (OpenH264-encoded ones by this arch's baseline, in the
    /// sandbox).</summary>
    public async Task<IReadOnlyList<CorpusItem>> PrepareAsync(IReadOnlyList<CorpusStream> corpus,
        CorpusGenerator generator,
        CancellationToken cancellationToken = default)
    {
        var items = new List<CorpusItem>();
        foreach (var stream in corpus.Where(s => run.SoakIncluded || !s.Soak))
            if (await generator.MaterializeAsync(stream, _harness, run.BaselineLibrary,
                cancellationToken) is { } item) items.Add(item);
        return items;
    }

    public async Task<CompatReport> RunAsync(IReadOnlyList<CorpusStream> corpus, CorpusGenerator generator,
        CancellationToken cancellationToken = default) =>
        await CheckAsync(await PrepareAsync(corpus, generator, cancellationToken),
            new OracleCache(generator.CacheDirectory), cancellationToken);

    public async Task<CompatReport> CheckAsync(IReadOnlyList<CorpusItem> items, OracleCache oracle,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(run.WorkDirectory);
        var checkedAt = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var (sides, batches, keeping) = await DecodeAsync(items, cancellationToken);
        var streams = new List<StreamResult>();
        try
        {
            var inspector = new DifferenceInspector(run, _harness);
            foreach (var item in items)
            {
                var baseline = sides[0].Decoded(item.Stream.Name, batches[0]);
                var candidate = sides[1].Decoded(item.Stream.Name, batches[1]);
                var result = await CheckDecodeAsync(item, baseline, candidate, oracle, inspector, cancellationToken);
                if (result.Verdict == "fail") _failedDecodes[item.Stream.Name] = new FailedDecode(baseline, candidate);
                streams.Add(result with
                {
                    BaselineReused = baseline.Reused, CandidateReused = candidate.Reused, StreamSha256 = item.Sha256,
                });
                if (item.EncoderInput is not null) streams.Add(CheckEncode(item, batches[1]));
            }
        }
        catch
        {
            await keeping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await keeping;
        watch.Stop();
        foreach (var batch in batches) Directory.Delete(batch.Folder, true);
        return Report(streams, checkedAt, watch.Elapsed);
    }

    /// <summary>
    /// Both libraries side by side, each in one sandbox container, decoding only what the decode cache does not hold
    /// (the candidate's encodes always run); the new clean decodes are kept for the next run, by the task returned,
    /// while the pictures are checked.
    /// </summary>
    private async Task<(DecodeSide[] Sides, BatchResult[] Batches, Task Keeping)> DecodeAsync(
        IReadOnlyList<CorpusItem> items, CancellationToken ct)
    {
        var cache = new DecodeDigestCache(run.DecodeDigests ?? new NoDecodeDigestStore(), run);
        var sides = await Task.WhenAll(cache.LookUpAsync("baseline", run.BaselineLibrary, items, ct),
            cache.LookUpAsync("candidate", run.CandidateLibrary, items, ct));
        var (baselineBatch, candidateBatch) = (sides[0].Batch(items), sides[1].Batch(items));
        foreach (var item in items)
            if (item.EncoderInput is not null && item.Stream.OpenH264 is { } recipe)
                candidateBatch.Encode(item.Stream.Name + ".encode", item.EncoderInput, recipe.Encoder);
        cache.Say(sides[0], sides[1]);
        // The cores go to the sides that decode: one container each when both do, and every core to one side whose
        // other is held by the decode cache (an unchanged baseline). More containers than cores only lengthen the
        // tail: with both arches at once, an emulated arch split further ended 2 s later than one container a side.
        var split = Math.Max(1, Environment.ProcessorCount / Math.Max(1,
            new[] { baselineBatch, candidateBatch }.Count(b => b.Count > 0)));
        var batches = await Task.WhenAll(_harness.RunAsync(run.BaselineLibrary, baselineBatch, "baseline", ct, split),
            _harness.RunAsync(run.CandidateLibrary, candidateBatch, "candidate", ct, split));
        return (sides, batches, cache.KeepAsync([(sides[0], batches[0]), (sides[1], batches[1])], ct));
    }

    private CompatReport Report(List<StreamResult> streams, DateTime checkedAt, TimeSpan elapsed)
    {
        // The pictures this run decoded: a side reused from the decode cache decoded nothing.
        var frames = streams.Where(s => s.Kind == "decode")
            .Sum(s => (s.BaselineReused ? 0 : s.BaselineFrames) + (s.CandidateReused ? 0 : s.CandidateFrames));
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        Log.Information("Compat {Arch}: {Frames} pictures in {Seconds:0.0} s, {Fps:0} frames/s{Emulated}",
            run.Arch.Name(), frames, seconds,
            frames / seconds, new ArchExecutor(run.Arch).IsEmulated ? " (emulated, in the sandbox)"
                : " (in the sandbox)");
        return new CompatReport(streams.All(s => s.Verdict != "fail") ? "pass" : "fail", run.Arch.Name(),
            run.BaselineDescription ?? Path.GetFileName(run.BaselineLibrary), run.CandidateDescription
                ?? Path.GetFileName(run.CandidateLibrary),
            frames, Math.Round(seconds, 2), Math.Round(frames / seconds, 1), streams,
            Util.Sha256.OfFile(run.CandidateLibrary), Util.Sha256.OfFile(run.BaselineLibrary), checkedAt,
            SoakSummary.Of(run.SoakIncluded, streams),
            // Only this arch's tools: an x86_64 run names no emulator, though the one sandbox image holds qemu.
            new ArchExecutor(run.Arch).IsEmulated ? run.Sandbox.Image.Tools : "native (no emulator)",
            DecodeCounts.Of(streams));
    }

    private async Task<StreamResult> CheckDecodeAsync(CorpusItem item, DecodeRun baseline, DecodeRun candidate,
        OracleCache oracle,
        DifferenceInspector inspector, CancellationToken cancellationToken)
    {
        var name = item.Stream.Name;
        if (baseline.Crashed || baseline.Frames.Count == 0)
            throw new Engine.BuildFailure($"The baseline library cannot decode corpus stream '{name}' on " +
                $"{run.Arch.Name()} ({baseline.Ending ?? "no pictures"}): the corpus or the baseline is broken");

        var difference = DigestComparer.Compare(baseline.Frames, candidate.Frames);
        var against = "baseline";
        string? oracleVerdict = null;
        if (difference is null && !candidate.Crashed && item.Stream.UsesFfmpegOracle)
        {
            var reference = await oracle.DigestsAsync(item, candidate.Frames[0].Width, candidate.Frames[0].Height,
                cancellationToken);
            difference = DigestComparer.Compare(reference, candidate.Frames);
            oracleVerdict = difference is null ? "equal" : "differs";
            if (difference is not null) against = "ffmpeg";
        }
        var (decodeSeconds, baselineSeconds) = (Math.Round(candidate.Duration.TotalSeconds, 2),
            Math.Round(baseline.Duration.TotalSeconds, 2));
        if (difference is null && !candidate.Crashed)
            return new StreamResult(name, "decode", "pass", $"{candidate.Frames.Count} pictures equal",
                baseline.Frames.Count, candidate.Frames.Count,
                baseline.Digest, candidate.Digest, Oracle: item.Stream.Oracle, OracleVerdict: oracleVerdict,
                    StreamSha256Matches: item.Sha256Matches,
                Soak: item.Stream.Soak, CandidateDecodeSeconds: decodeSeconds, BaselineDecodeSeconds: baselineSeconds);

        var accepted = candidate.Crashed ? null : run.Accepted.Find(name, "decode", run.Arch, candidate.Digest);
        var analysis = await inspector.AnalyzeAsync(item, against, baseline, candidate, difference, cancellationToken);
        var message = DifferenceInspector.Describe(analysis, difference, candidate, baseline, run.Arch);
        return new StreamResult(name, "decode", accepted is null ? "fail" : "accepted",
            accepted is null ? message : $"accepted: {accepted.Reason}",
            baseline.Frames.Count, candidate.Frames.Count, baseline.Digest, candidate.Digest, candidate.Crashed,
                item.Stream.Oracle, oracleVerdict,
            analysis, accepted?.Reason, item.Sha256Matches, candidate.Ending, item.Stream.Soak, decodeSeconds,
                baselineSeconds);
    }

    private StreamResult CheckEncode(CorpusItem item, BatchResult candidateBatch)
    {
        var name = item.Stream.Name;
        var output = Path.Combine(run.WorkDirectory, name + ".candidate-encoded.h264");
        string candidateSha;
        try { candidateSha = candidateBatch.Encoded(name + ".encode", output); }
        catch (EncoderCrashed e)
        {
            return new StreamResult(name, "encode", "fail", e.Message, 0, 0, item.Sha256, null, CandidateCrashed: true);
        }
        if (candidateSha == item.Sha256)
            return new StreamResult(name, "encode", "pass", "same bytes as the baseline's encoder", 0, 0, item.Sha256,
                candidateSha);
        var accepted = run.Accepted.Find(name, "encode", run.Arch, candidateSha);
        return new StreamResult(name, "encode", accepted is null ? "fail" : "accepted",
            accepted is null
                ? $"the encoder's bytes differ from the baseline's ({new FileInfo(output).Length} vs " +
                    $"{new FileInfo(item.StreamPath).Length} bytes)" : $"accepted: {accepted.Reason}",
            0, 0, item.Sha256, candidateSha, AcceptedBecause: accepted?.Reason);
    }
}

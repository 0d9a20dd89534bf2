using OpenH264Build.Bisection;
using OpenH264Build.Patching;

namespace OpenH264Build.Compat;

/// <summary>
/// The Compat probe: builds a prefix of the series and checks only the stream that failed, on the arch that failed,
/// against the same reference (the baseline, or FFmpeg when the baseline agreed with the candidate), comparing the
/// pictures up to the first one that differed (a later, other difference is not the failure being hunted).
/// </summary>
/// <param name="compile">Compiles the prefix for the arch and returns its libopenh264.so.7.</param>
public sealed class CompatStreamProbe(HarnessRunner harness, string baselineLibrary, CorpusItem stream,
    StreamResult failure,
    AcceptedDifferences accepted, string workDirectory,
        Func<IReadOnlyList<SeriesPatch>, CancellationToken, Task<string>> compile)
{
    private IReadOnlyList<FrameDigest>? _reference;

    /// <summary>The last picture compared: the first differing one (all of them for a crash or a frame
    /// count).</summary>
    private int? UpToFrame => failure.Difference is { Planes.Count: > 0 } d ? d.FirstFrame : null;

    public async Task<ProbeResult> ProbeAsync(IReadOnlyList<SeriesPatch> prefix, CancellationToken cancellationToken)
    {
        var library = await compile(prefix, cancellationToken);
        return failure.Kind == "encode" ? await ProbeEncoderAsync(library,
            cancellationToken) : await ProbeDecoderAsync(library, cancellationToken);
    }

    /// <summary>How many pictures a probe decodes: up to the first differing one (0: all, for a crash or a picture
    /// count).</summary>
    private int DecodeLimit => UpToFrame is { } last ? last + 1 : 0;

    // The harness stops at the first differing picture: a drift that starts at picture 65,536 of a soak stream costs
    // each probe that many pictures, not the whole stream.
    private async Task<ProbeResult> ProbeDecoderAsync(string library, CancellationToken cancellationToken)
    {
        var decoded = await harness.DecodeAsync(library, stream.StreamPath, DecodeLimit, cancellationToken);
        var reference = await ReferenceAsync(cancellationToken);
        var difference = DigestComparer.Compare(Cut(reference), Cut(decoded.Frames));
        var crashed = decoded.Crashed && UpToFrame is null;
        if (difference is null && !crashed) return ProbeResult.Pass;
        if (UpToFrame is null && !crashed && accepted.Find(failure.Stream, "decode", harness.Arch,
            decoded.Digest) is not null) return ProbeResult.Pass;
        return new ProbeResult(true, difference is { OnlyFrameCount: false }
            ? $"drift from frame {difference.Frame}" : crashed ? "crash" : "picture count differs");
    }

    private async Task<ProbeResult> ProbeEncoderAsync(string library, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        string sha;
        try { sha = await harness.EncodeAsync(library, stream.EncoderInput!, stream.Stream.OpenH264!.Encoder,
            Path.Combine(workDirectory, "probe.h264"), cancellationToken); }
        catch (EncoderCrashed) { return new ProbeResult(true, "encoder crash"); }
        return sha == stream.Sha256 || accepted.Find(failure.Stream, "encode", harness.Arch, sha) is not null
            ? ProbeResult.Pass : new ProbeResult(true, "encoder bytes differ");
    }

    /// <summary>What the failing check compared with, decoded once for every probe.</summary>
    private async Task<IReadOnlyList<FrameDigest>> ReferenceAsync(CancellationToken cancellationToken)
    {
        if (_reference is not null) return _reference;
        var baseline = (await harness.DecodeAsync(baselineLibrary, stream.StreamPath, DecodeLimit,
            cancellationToken)).Frames;
        if (failure.Difference?.Against != "ffmpeg" || baseline.Count == 0) return _reference = baseline;
        Directory.CreateDirectory(workDirectory);
        // Digested as FFmpeg streams it: no raw file (a soak stream's pictures would fill the disk).
        return _reference = await FfmpegReference.DecodeAsync(stream.StreamPath, baseline[0].Width,
            baseline[0].Height, cancellationToken: cancellationToken);
    }

    private IReadOnlyList<FrameDigest> Cut(IReadOnlyList<FrameDigest> frames) =>
        UpToFrame is { } last ? frames.Take(last + 1).ToList() : frames;
}

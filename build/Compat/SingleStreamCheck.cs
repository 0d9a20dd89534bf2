using OpenH264Build.Containers;
using OpenH264Build.Host;
namespace OpenH264Build.Compat;

/// <summary>The verdict on one stream: pass, or the first picture that differs and its planes (or how it
/// ended).</summary>
public sealed record StreamCheck(bool Passed, int? FirstDifferentFrame, IReadOnlyList<Plane> Planes,
    int BaselineFrames, int CandidateFrames,
    string? CandidateEnding, string Message);

/// <summary>
/// One stream for one arch with a given candidate and baseline library, optionally only up to a picture: what a
/// bisection of the patch series asks for each step, and what tests ask of one library. Both decodes run in the
/// sandbox, side by side.
/// </summary>
public static class SingleStreamCheck
{
    /// <param name="upToFrame">Decode only this many pictures (0: all of them).</param>
    public static async Task<StreamCheck> CheckAsync(HarnessSandbox sandbox, TargetArch arch, string harness,
        string baseline, string candidate,
        string streamPath, string workDirectory, int upToFrame = 0, IReadOnlyList<string>? companions = null,
            CancellationToken cancellationToken = default)
    {
        var runner = new HarnessRunner(harness, arch, sandbox, workDirectory, companions);
        var decodes = await Task.WhenAll(runner.DecodeAsync(baseline, streamPath, upToFrame, cancellationToken),
            runner.DecodeAsync(candidate, streamPath, upToFrame, cancellationToken));
        var (expected, actual) = (decodes[0], decodes[1]);
        if (expected.Crashed) throw new Engine.BuildFailure($"The baseline library cannot decode {streamPath} on " +
            $"{arch.Name()} ({expected.Ending})");
        var difference = DigestComparer.Compare(expected.Frames, actual.Frames);
        if (difference is null && !actual.Crashed)
            return new StreamCheck(true, null, [], expected.Frames.Count, actual.Frames.Count,
                null, $"{actual.Frames.Count} pictures equal");
        var first = difference?.Frame ?? actual.Frames.Count;
        return new StreamCheck(false, first, difference?.Planes ?? [], expected.Frames.Count, actual.Frames.Count,
            actual.Ending,
            DifferenceInspector.Describe(null, difference, actual, expected,
                arch) is { Length: > 0 } text
                    ? $"from frame {first}: {text}"
                        : $"differs from frame {first}, planes {string.Join(", ", difference?.Planes ?? [])}");
    }

    /// <summary>One library's per-picture digests of one stream, decoded in the sandbox.</summary>
    /// <param name="companions">Files the library itself loads by path, mounted beside it (a test's shim around a real
    /// library).</param>
    public static Task<DecodeRun> DecodeAsync(HarnessSandbox sandbox, string harness, string library, TargetArch arch,
        string stream,
        string workDirectory, IReadOnlyList<string>? companions = null,
            CancellationToken cancellationToken = default) =>
        new HarnessRunner(harness, arch, sandbox, workDirectory, companions).DecodeAsync(library, stream, 0,
            cancellationToken);

    /// <summary>Where a library's pictures differ from FFmpeg's decoder (null: identical).</summary>
    public static async Task<DigestDifference?> CompareWithFfmpegAsync(HarnessSandbox sandbox, string harness,
        string library, TargetArch arch,
        string stream, string workDirectory, IReadOnlyList<string>? companions = null,
            CancellationToken cancellationToken = default)
    {
        var decoded = await DecodeAsync(sandbox, harness, library, arch, stream, workDirectory, companions,
            cancellationToken);
        if (decoded.Frames.Count == 0) return new DigestDifference(0, [], -1, 0);
        var reference = await FfmpegReference.DecodeAsync(stream, decoded.Frames[0].Width, decoded.Frames[0].Height,
            cancellationToken: cancellationToken);
        return DigestComparer.Compare(reference, decoded.Frames);
    }
}

using CliWrap;
using CliWrap.Buffered;

namespace OpenH264Build.Compat;

/// <summary>
/// FFmpeg's own H.264 decoder as an independent oracle. For constrained-baseline streams it is bit-exact with
/// OpenH264, so a difference there is a decoding bug in the library, whichever baseline is chosen.
/// </summary>
public static class FfmpegReference
{
    /// <summary>Decodes the stream to planar I420 at <paramref name="rawPath"/> and returns the per-picture digests.</summary>
    public static async Task<IReadOnlyList<FrameDigest>> DecodeAsync(string streamPath, int width, int height, string rawPath,
        CancellationToken cancellationToken = default)
    {
        // passthrough: one picture out per picture decoded, none duplicated or dropped to fit a frame rate.
        var result = await Cli.Wrap("ffmpeg")
            .WithArguments(["-v", "error", "-nostdin", "-y", "-threads", "1", "-i", streamPath, "-fps_mode", "passthrough",
                "-f", "rawvideo", "-pix_fmt", "yuv420p", rawPath])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0)
            throw new Engine.BuildFailure($"FFmpeg could not decode {Path.GetFileName(streamPath)}: {result.StandardError.Trim()}");
        return RawVideoReader.ReadAll(rawPath, width, height).Select((picture, i) => picture.Digest(i)).ToList();
    }
}

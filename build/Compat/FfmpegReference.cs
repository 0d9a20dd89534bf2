using CliWrap;
using OpenH264Build.Processes;

namespace OpenH264Build.Compat;

/// <summary>
/// FFmpeg's own H.264 decoder as an independent oracle. For constrained-baseline streams it is bit-exact with
/// OpenH264, so a difference there is a decoding bug in the library, whichever baseline is chosen. FFmpeg is a host
/// tool that never loads a built library, so it runs on the host. Its pictures are streamed through a pipe and
/// digested on the fly: a soak stream's hundreds of megabytes of pictures never reach the disk.
/// </summary>
public static class FfmpegReference
{
    private static readonly SemaphoreSlim VersionGate = new(1, 1);
    private static string? _version;

    /// <summary>
    /// The per-picture digests of the stream; with rawPath, the pictures from rawFrom on are also written there as
    /// planar I420 (the difference analysis reads them).
    /// </summary>
    public static async Task<IReadOnlyList<FrameDigest>> DecodeAsync(string streamPath, int width, int height,
        string? rawPath = null,
        int rawFrom = 0, CancellationToken cancellationToken = default)
    {
        var frames = new List<FrameDigest>();
        await using var raw = rawPath is null ? null : File.Create(rawPath);
        var size = RawPicture.SizeOf(width, height);
        var target = PipeTarget.Create(async (stdout, ct) =>
        {
            var buffer = new byte[size];
            while (await stdout.ReadAtLeastAsync(buffer, size, throwOnEndOfStream: false, ct) == size)
            {
                frames.Add(new RawPicture(width, height, buffer).Digest(frames.Count));
                if (raw is not null && frames.Count > rawFrom) await raw.WriteAsync(buffer, ct);
            }
        });
        // passthrough: one picture out per picture decoded, none duplicated or dropped to fit a frame rate.
        await HostProgram.RunAsync("ffmpeg",
            ["-v", "error", "-nostdin", "-threads", "1", "-i", streamPath, "-fps_mode", "passthrough",
                "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"],
            new() { StandardOutput = target, Purpose = $"FFmpeg could not decode {Path.GetFileName(streamPath)}" },
                cancellationToken);
        return frames;
    }

    /// <summary>FFmpeg's version line: generated streams and verdicts depend on it.</summary>
    public static async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        await VersionGate.WaitAsync(cancellationToken);
        try
        {
            if (_version is not null) return _version;
            return _version = (await HostProgram.ReadAsync("ffmpeg", ["-version"],
                cancellationToken)).Split('\n')[0].Trim();
        }
        finally { VersionGate.Release(); }
    }
}

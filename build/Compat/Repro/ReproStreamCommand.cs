namespace OpenH264Build.Compat;

/// <summary>
/// make-stream.sh of a bundle whose stream is too large to carry: the exact FFmpeg command the corpus generator ran
/// (CorpusGenerator.X264Arguments), the FFmpeg (and so x264) version that made it, and the sha256 the result must have.
/// </summary>
public static class ReproStreamCommand
{
    public static string Script(ReproCase repro, string streamFile)
    {
        var arguments = CorpusGenerator.X264Arguments(repro.Stream.Stream.X264!).Select(Quote);
        return $"""
            #!/bin/sh
            # Makes {streamFile} bit for bit, as the compatibility check made it: FFmpeg's libx264, one thread, no SEI.
            # Made with: {repro.FfmpegVersion} (Debian's ffmpeg package; another FFmpeg or x264 may give other bytes).
            # Expected sha256: {repro.Stream.Sha256}
            set -eu
            cd "$(dirname "$0")"
            mkdir -p stream
            ffmpeg -v error -nostdin -y {string.Join(' ', arguments)} {streamFile}
            echo "{repro.Stream.Sha256}  {streamFile}" | sha256sum --check --quiet
            """ + "\n";
    }

    /// <summary>Single quotes for the shell around anything but plain words.</summary>
    public static string Quote(string argument) =>
        argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '=' or '/' or ',')
            ? argument : "'" + argument.Replace("'", "'\\''") + "'";
}

using CliWrap;

namespace OpenH264Build.Processes;

/// <summary>How one program runs; every field has the safe default (checked exit, no input, scrubbed environment).</summary>
/// <param name="Environment">Variables to set (a null value removes one) on top of the scrubbed environment.</param>
/// <param name="AllowFailure">A non-zero exit is the caller's to read (abidiff speaks through exit bits) instead of a failure.</param>
/// <param name="StandardOutput">Where standard output goes instead of being kept (a decoder's pictures, an xz stream).</param>
/// <param name="StandardError">Where standard error goes as well as being kept.</param>
/// <param name="Timeout">The program is stopped (and the run fails naming the limit) when it takes longer.</param>
/// <param name="Purpose">
/// What a failure says first ("FFmpeg could not decode x.264"), followed by the program and how it failed:
/// "FFmpeg could not decode x.264: ffmpeg exited with 1: Invalid data found". Without it a failure starts with the command.
/// </param>
public sealed record ProgramOptions(
    string? WorkingDirectory = null, IReadOnlyDictionary<string, string?>? Environment = null, bool AllowFailure = false,
    Stream? StandardInput = null, PipeTarget? StandardOutput = null, PipeTarget? StandardError = null,
    TimeSpan? Timeout = null, string? Purpose = null);

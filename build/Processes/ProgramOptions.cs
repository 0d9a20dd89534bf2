using CliWrap;

namespace OpenH264Build.Processes;

/// <summary>How one program runs; every field has the safe default (checked exit, no input, an allow-list).</summary>
/// <param name="Environment">Variables to set (a null value removes one) on top of the allow-listed ones.</param>
/// <param name="AllowFailure">A non-zero exit is the caller's to read (abidiff speaks through exit bits) instead of a
/// failure.</param>
/// <param name="StandardOutput">Where standard output goes instead of being kept (a decoder's pictures, an xz
/// stream).</param>
/// <param name="StandardError">Where standard error goes as well as being kept.</param>
/// <param name="Timeout">The program is stopped (and the run fails naming the limit) when it takes longer.</param>
/// <param name="Purpose">
/// What a failure says first ("FFmpeg could not decode x.264"), followed by the program and how it failed:
/// "FFmpeg could not decode x.264: ffmpeg exited with 1: Invalid data found". Without it a failure starts with the
/// command.
/// </param>
/// <param name="Inherit">
/// What the program needs from the build's environment beyond <see cref="ChildEnvironment.Always"/>, by name (or a
/// prefix ending in *): the test suite needs the SDK's variables, Ansible the SSH agent.
/// </param>
public sealed record ProgramOptions(
    string? WorkingDirectory = null, IReadOnlyDictionary<string, string?>? Environment = null,
        bool AllowFailure = false,
    Stream? StandardInput = null, PipeTarget? StandardOutput = null, PipeTarget? StandardError = null,
    TimeSpan? Timeout = null, string? Purpose = null, IReadOnlyList<string>? Inherit = null);

using OpenH264Build.Compat;
using OpenH264Build.Containers;
using OpenH264Build.Engine;

namespace OpenH264Build;

/// <summary>
/// Compat: decode the corpus with the baseline and the candidate library on each arch and fail on any picture that
/// differs (see build/Compat and native/compat).
/// </summary>
partial class Build
{
    [Parameter(
        "Compat: the candidate library per arch, as a folder holding <arch>/libopenh264.so.7 (default: " +
            "the Compile output)",
        ReadBy = [nameof(Compat)])]
    readonly string? CompatCandidates;

    [Parameter(
        "Compat: the harness per arch, as a folder holding <arch>/h264harness (default: compiled here with " +
            "the host's compilers)",
        ReadBy = [nameof(Compat)])]
    readonly string? CompatHarnesses;

    [Parameter(
        "Compat: leave the soak streams (70,000 pictures each) out, for a quick local loop; the reports say so and a " +
            "release refuses it",
        ReadBy = [nameof(Compat)])]
    readonly bool CompatQuick;

    [Parameter(
        "Compat: time limit of each sandboxed harness run, in seconds; a library that overruns it fails with 'timeout'",
        ReadBy = [nameof(Compat)])]
    readonly int CompatTimeout = (int)HarnessSandbox.DefaultTimeLimit.TotalSeconds;

    CompatOptions CompatOptions => new(CompatCandidates, CompatHarnesses, CompatQuick,
        !NoBisect);

    void CheckCompatParameters(ParameterCheck check)
    {
        check.Exists(nameof(CompatCandidates), CompatCandidates, PathKind.Folder);
        check.Exists(nameof(CompatHarnesses), CompatHarnesses, PathKind.Folder);
    }
}

using OpenH264Build.Abi;
using OpenH264Build.Engine;

namespace OpenH264Build;

/// <summary>
/// The Abi target: for each --arch, prove the built .so is an ABI drop-in for the baseline and loads on the
/// fleet (see build/Abi). Writes artifacts/reports/abi-&lt;arch&gt;.md/.json and the abidw dump beside the package.
/// </summary>
partial class Build
{
    [Parameter("Reviewed ABI changes to accept: a libabigail suppression file (default: native/abi-suppressions.ini)",
        ReadBy = [nameof(Abi)])]
    readonly string? AbiSuppressions;

    AbiOptions AbiOptions => new(AbiFloor, AbiSuppressions
        ?? Path.Combine(Paths.Native, "abi-suppressions.ini"), !NoBisect);

    void CheckAbiParameters(ParameterCheck check) =>
        check.Exists(nameof(AbiSuppressions), AbiSuppressions, PathKind.File);
}

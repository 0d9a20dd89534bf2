using OpenH264Build.Abi;
using OpenH264Build.Engine;

namespace OpenH264Build;

/// <summary>
/// The Abi target: for each --arch, prove the built .so is an ABI drop-in for the baseline and loads on the
/// fleet (see build/Abi). Writes artifacts/reports/abi-&lt;arch&gt;.md/.json and the abidw dump beside the package.
/// </summary>
partial class Build
{
    [Parameter(
        "Highest symbol versions the fleet provides, e.g. GLIBC_2.31,GLIBCXX_3.4.28 (default: the baseline's own)",
        ReadBy = [nameof(Abi), nameof(Report)])]
    readonly string[] AbiFloor = [];

    [Parameter("Reviewed ABI changes to accept: a libabigail suppression file (default: native/abi-suppressions.ini)",
        ReadBy = [nameof(Abi)])]
    readonly string? AbiSuppressions;

    [Parameter("Compat and Abi: do not look for the first patch of the series with which a failure appears",
        ReadBy = [nameof(Abi), nameof(Compat)])]
    readonly bool NoBisect;

    AbiOptions AbiOptions => new(AbiFloor, AbiSuppressions
        ?? Path.Combine(Paths.Native, "abi-suppressions.ini"), !NoBisect);
}

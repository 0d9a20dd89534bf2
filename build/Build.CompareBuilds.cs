using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Pipeline;
using Serilog;

namespace OpenH264Build;

/// <summary>CompareBuilds: the dist Sign is about to sign against a second, independent build's (see
/// Dist/BuildComparison).</summary>
partial class Build
{
    [Parameter(
        "CompareBuilds: the unsigned dist of a second, independent build of the same commit (the release " +
            "workflow's witness job)",
        ReadBy = [nameof(CompareBuilds)])]
    readonly string? WitnessDist;

    /// <summary>What Sign signs: the staged dist (the release workflow downloads the proved dist there), else the last
    /// dist.</summary>
    static string ComparedDist => Directory.Exists(Paths.DistStaging) ? Paths.DistStaging : Paths.Dist;

    void CompareWithWitness()
    {
        var differences = BuildComparison.Differences(ComparedDist, Path.GetFullPath(WitnessDist!));
        if (differences.Count > 0)
        {
            foreach (var difference in differences) Log.Error("CompareBuilds: {Difference}", difference);
            throw new BuildFailure($"the two builds differ, so neither is signed: {string.Join("; ", differences)}");
        }
        Log.Information(
            "The witness build made the same bits: every library and package of {Dist} has the same sha256",
                ComparedDist);
    }

    void CheckCompareBuildsParameters(ParameterCheck check)
    {
        if (WitnessDist is null)
            check.Missing(nameof(WitnessDist),
                "CompareBuilds needs the second build's dist to compare with: give --witness-dist DIR " +
                "(the unsigned dist of an independent build of the same commit)");
        check.Exists(nameof(WitnessDist), WitnessDist, PathKind.Folder);
    }
}

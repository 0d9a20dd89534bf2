using OpenH264Build.Engine;

namespace OpenH264Build;

/// <summary>CompareBuilds: the dist Sign is about to sign against a second, independent build's (see
/// Stages/CompareBuildsStage).</summary>
partial class Build
{
    [Parameter(
        "CompareBuilds: the unsigned dist of a second, independent build of the same commit (the release " +
            "workflow's witness job)",
        ReadBy = [nameof(CompareBuilds)])]
    readonly string? WitnessDist;

    /// <summary>The witness's dist, as CompareBuildsStage reads it.</summary>
    string WitnessDistFolder => Path.GetFullPath(WitnessDist!);

    void CheckCompareBuildsParameters(ParameterCheck check)
    {
        if (WitnessDist is null)
            check.Missing(nameof(WitnessDist),
                "CompareBuilds needs the second build's dist to compare with: give --witness-dist DIR " +
                "(the unsigned dist of an independent build of the same commit)");
        check.Exists(nameof(WitnessDist), WitnessDist, PathKind.Folder);
    }
}

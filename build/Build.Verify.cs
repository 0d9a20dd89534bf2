using OpenH264Build.Distribution;
using OpenH264Build.Engine;
using OpenH264Build.Signing;

namespace OpenH264Build;

/// <summary>Verify: checks a release folder as a fleet host would, with the one dist verifier (see build/Dist).</summary>
partial class Build
{
    [Parameter("Release folder Verify checks (default: the dist this run made, else artifacts/dist)",
        ReadBy = [nameof(Verify), nameof(Publish)])]
    readonly string? Dist;

    [Parameter("Verify: the version the host expects, e.g. 2.3.1-2; any other (an older release too) is refused",
        ReadBy = [nameof(Verify)])]
    readonly string? ExpectedVersion;

    [Parameter("Verify: accept a dist signed with a development key (a local build, never for a fleet)",
        ReadBy = [nameof(Verify)])]
    readonly bool AllowDevelopment;

    /// <summary>
    /// The dist this run is about: the one it is staging when it packaged (so Sign, Verify and Publish in one run,
    /// as the release workflow runs them, see this run's files, not the previous run's), else the last good dist.
    /// </summary>
    string CurrentDist => Context.DistStage.IsStarted ? Context.DistStage.Directory : Paths.Dist;

    void VerifyRelease()
    {
        var folder = Path.GetFullPath(Dist ?? CurrentDist);
        new DistVerifier().Verify(folder, MinisignPublicKey.Load(PublicKey!),
            new DistExpectations { Version = ExpectedVersion, AllowDevelopment = AllowDevelopment, Verdicts = new() });
    }
}

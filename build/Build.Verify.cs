using OpenH264Build.Dist;
using OpenH264Build.Engine;

namespace OpenH264Build;

/// <summary>Verify: checks a release folder as a fleet host would, with the one dist verifier (see
/// build/Dist).</summary>
partial class Build
{
    [Parameter("Verify: the version the host expects, e.g. 2.3.1-2; any other (an older release too) is refused",
        ReadBy = [nameof(Verify)])]
    readonly string? ExpectedVersion;

    /// <summary>
    /// The dist this run is about: the one it is staging when it packaged (so Sign, Verify and Publish in one run,
    /// as the release workflow runs them, see this run's files, not the previous run's), else the last good dist.
    /// </summary>
    string CurrentDist => Context.DistStage.IsStarted ? Context.DistStage.Directory : Paths.Dist;

    /// <summary>What Verify checks, with which key, and what it expects of the release.</summary>
    VerifyOptions VerifyOptions => new(Path.GetFullPath(Dist ?? CurrentDist), PublicKey!,
        new ReleaseRequest(DistUse.Verify) { Version = ExpectedVersion, AllowDevelopment = AllowDevelopment });

    /// <summary>Verify's parameters, each refused in a sentence before anything runs.</summary>
    void CheckVerifyParameters(ParameterCheck check)
    {
        if (PublicKey is null)
            check.Missing(nameof(PublicKey),
                "Verify needs the release public key to check the release with: give --public-key FILE " +
                "(the minisign .pub the release manager published), or commit it as native/release.pub");
        if (ExpectedVersion is not null && !ExpectedVersionPattern().IsMatch(ExpectedVersion))
            check.Fail(nameof(ExpectedVersion), ExpectedVersion,
                "accepted: a release version such as 2.3.1-2 or v2.3.1-2",
                "is not a release version");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^v?\d+\.\d+\.\d+-[1-9]\d*$")]
    private static partial System.Text.RegularExpressions.Regex ExpectedVersionPattern();
}

using OpenH264Build.Engine;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// Sign: checksums, minisign signatures and SLSA provenance for everything in the dist being staged.
/// Verify: checks a downloaded release as a fleet host would.
/// </summary>
partial class Build
{
    [Parameter("Release signing key: a minisign secret key file (OPENH264_SIGNING_KEY may hold the file's content instead); without one, a development key signs"), Secret]
    readonly string? SigningKey;

    [Parameter("Password of the signing key, when it has one"), Secret]
    readonly string? SigningKeyPassword;

    [Parameter("Release public key file (minisign): Sign refuses a signing key that is not its partner; Verify checks a release with it (default: native/release.pub when the release manager has committed it)")]
    readonly string? PublicKey = File.Exists(Path.Combine(NativeDirectory, "release.pub")) ? Path.Combine(NativeDirectory, "release.pub") : null;

    [Parameter("Release folder Verify checks (default: the dist this run made, else artifacts/dist)")]
    readonly string? Dist;

    [Parameter("Verify: the version the host expects, e.g. 2.3.1-2; any other (an older release too) is refused")]
    readonly string? ExpectedVersion;

    [Parameter("Verify: accept a dist signed with a development key (a local build, never for a fleet)")]
    readonly bool AllowDevelopment;

    Task SignDist() => SignDist(DistStagingDirectory, DevelopmentKeyDirectory, Environment.GetEnvironmentVariable);

    /// <param name="distDirectory">The dist to sign: Package has put the tarballs there.</param>
    /// <param name="developmentKeyFolder">Where the development key is made, when no signing key is given.</param>
    /// <param name="environment">Where the GitHub Actions run is read from (GITHUB_*).</param>
    internal async Task<SignedRelease> SignDist(string distDirectory, string developmentKeyFolder, Func<string, string?> environment)
    {
        // The key is loaded (and checked against the release public key) before dist is touched.
        using var key = SigningKeySource.Load(SigningKey, SecretParameters.Resolve(SigningKeyPassword), PublicKey, developmentKeyFolder);
        if (key.Development)
            Log.Warning("No --signing-key or OPENH264_SIGNING_KEY: signing with the development key {KeyId} in {Folder}; a release refuses it",
                key.Key.PublicKey.KeyIdText, developmentKeyFolder);
        var inputs = await CollectProvenanceInputs(environment);
        if (!key.Development) new Distribution.DistVerifier().EnsureReleaseWorthy(distDirectory, inputs.Version);
        return new ReleaseSigner(key).Sign(distDirectory, inputs);
    }

    /// <summary>
    /// The ABI and compatibility reports travel with the release (and so are covered by its checksums and signature):
    /// a host operator can read why this library was judged a drop-in. Only reports that judged exactly the library
    /// in the dist's package of their arch go in (see <see cref="BoundReports"/>).
    /// </summary>
    void CopyReportsIntoDist()
    {
        if (Directory.Exists(DistStagingDirectory)) BoundReports.CopyInto(ReportsDirectory, DistStagingDirectory);
    }

    /// <summary>
    /// The dist this run is about: the one it is staging when it packaged (so Sign, Verify and Publish in one run,
    /// as the release workflow runs them, see this run's files, not the previous run's), else the last good dist.
    /// </summary>
    string CurrentDist => Context.DistStage.IsStarted ? Context.DistStage.Directory : DistDirectory;

    void VerifyRelease()
    {
        var folder = Path.GetFullPath(Dist ?? CurrentDist);
        new Distribution.DistVerifier().Verify(folder, MinisignPublicKey.Load(PublicKey!),
            new Distribution.DistExpectations { Version = ExpectedVersion, AllowDevelopment = AllowDevelopment, Verdicts = new() });
    }
}

using OpenH264Build.Engine;
using OpenH264Build.Signing;
using OpenH264Build.Stages;

namespace OpenH264Build;

/// <summary>
/// Sign: checksums, minisign signatures and SLSA provenance for everything in the dist being staged (see
/// Stages/SignStage).
/// </summary>
partial class Build
{
    [Parameter(
        "Release signing key: a minisign secret key file (OPENH264_SIGNING_KEY may hold the file's content instead); " +
            "without one, a development key signs",
        ReadBy = [nameof(Sign)]), Secret]
    readonly string? SigningKey;

    [Parameter("Password of the signing key, when it has one",
        ReadBy = [nameof(Sign)]), Secret]
    readonly string? SigningKeyPassword;

    [Parameter(
        "Release key of the apt repository, read by Sign only: an armored OpenPGP secret key file " +
            "(OPENH264_REPOSITORY_KEY may hold its content); without one, a development key signs",
        ReadBy = [nameof(Sign)]), Secret]
    readonly string? RepositoryKey;

    /// <summary>The provenance of this run, read from its own environment (CI facts) when Sign asks for it.</summary>
    Task<ProvenanceInputs> RunProvenance() => CollectProvenanceInputs(Environment.GetEnvironmentVariable);

    SignOptions SignOptions(string distDirectory, string developmentKeyFolder) =>
        new(distDirectory, SigningKey, SigningKeyPassword, PublicKey, developmentKeyFolder)
        {
            RepositoryKey = RepositoryKey, AptRepositoryDirectory = AptRepositoryDirectory,
        };

    /// <summary>Signs a given dist folder as Sign does (tests sign fixtures with it), with the GitHub run read from
    /// <paramref name="environment"/>.</summary>
    /// <param name="aptRepository">The apt repository of the dist's packages, when it has some.</param>
    internal Task<SignedRelease> SignDist(string distDirectory, string developmentKeyFolder,
        Func<string, string?> environment,
        string? aptRepository = null) =>
        new SignStage(SignOptions(distDirectory, developmentKeyFolder) with { AptRepositoryDirectory = aptRepository },
            () => CollectProvenanceInputs(environment)).SignAsync();
}

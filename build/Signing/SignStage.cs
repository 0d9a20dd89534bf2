using OpenH264Build.Distribution;
using OpenH264Build.Engine;
using OpenH264Build.Pipeline;
using Serilog;

namespace OpenH264Build.Signing;

/// <summary>Sign's result: what was signed, the provenance file, the trusted comment and the key.</summary>
public sealed record SignedDist(SignedRelease Release) : IStageResult { public static string Producer => "Sign"; }

/// <summary>
/// Where Sign works and with which key. The key and its password are named here (a file, or the content an
/// environment variable held) and read only by the stage, when it signs.
/// </summary>
public sealed record SignOptions(string DistDirectory, string? SigningKey, string? SigningKeyPassword, string? PublicKey, string DevelopmentKeyFolder);

/// <summary>
/// Signs the staged dist: SHA256SUMS, its minisign signature with the trusted comment, the signed SLSA provenance and
/// the release public key. The release key signs only a release worth it (a release version, proven libraries).
/// </summary>
/// <param name="provenance">What the provenance records, gathered once the key has been loaded.</param>
public sealed class SignStage(SignOptions options, Func<Task<ProvenanceInputs>> provenance) : IStage<SignedDist>
{
    public override string ToString() => "sign the dist";

    public async Task<SignedDist> RunAsync(RunContext context) => new(await SignAsync());

    public async Task<SignedRelease> SignAsync()
    {
        // The key is loaded (and checked against the release public key) before the dist is touched.
        using var key = SigningKeySource.Load(options.SigningKey, SecretParameters.Resolve(options.SigningKeyPassword), options.PublicKey,
            options.DevelopmentKeyFolder);
        if (key.Development)
            Log.Warning("No --signing-key or OPENH264_SIGNING_KEY: signing with the development key {KeyId} in {Folder}; a release refuses it",
                key.Key.PublicKey.KeyIdText, options.DevelopmentKeyFolder);
        var inputs = await provenance();
        if (!key.Development) new DistVerifier().EnsureReleaseWorthy(options.DistDirectory, inputs.Version);
        return new ReleaseSigner(key).Sign(options.DistDirectory, inputs);
    }
}

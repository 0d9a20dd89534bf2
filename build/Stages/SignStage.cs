using OpenH264Build.DebianPackaging;
using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Pipeline;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Signs the staged dist, its bound ABI and compatibility reports put in first: the apt repository (with the repository
/// key) and the manifest naming that key, then SHA256SUMS, its minisign signature with the trusted comment, the signed
/// SLSA provenance and the release public key.
/// The release key signs only what the release policy calls a release (<see
/// cref="ReleasePolicy.EnsureSignableAsync"/>).
/// </summary>
/// <param name="provenance">What the provenance records, gathered once the key has been loaded.</param>
public sealed class SignStage(SignOptions options, Func<Task<ProvenanceInputs>> provenance) : IStage
{
    public override string ToString() => "sign the dist";

    /// <summary>
    /// The ABI and compatibility reports travel with the release (and so are covered by its checksums and signature):
    /// a host operator can read why this library was judged a drop-in. Only reports that judged exactly the library
    /// in the dist's package of their arch go in (see <see cref="BoundReports"/>).
    /// </summary>
    public async Task RunAsync(RunContext context)
    {
        if (Directory.Exists(options.DistDirectory))
            BoundReports.CopyInto(context.Paths.Reports, options.DistDirectory);
        await SignAsync(context.Cancellation);
    }

    public async Task<SignedRelease> SignAsync(CancellationToken ct = default)
    {
        // The keys are loaded (and the minisign one checked against the release public key) before the dist is touched.
        using var key = SigningKeySource.Load(options.SigningKey,
            SecretParameters.Resolve(options.SigningKeyPassword), options.PublicKey,
            options.DevelopmentKeyFolder);
        if (key.Development)
            Log.Warning(
                "No --signing-key or OPENH264_SIGNING_KEY: signing with the development key {KeyId} in {Folder}; a " +
                    "release refuses it",
                key.Key.PublicKey.KeyIdText, options.DevelopmentKeyFolder);
        await using var repositoryKey = await LoadRepositoryKeyAsync(ct);
        var inputs = await provenance();
        if (!key.Development) await ReleasePolicy.EnsureSignableAsync(options.DistDirectory, inputs.Version,
            repositoryKey?.Development ?? false, ct);
        if (repositoryKey is not null)
            await RepositorySigning.SignAsync(options.DistDirectory, options.AptRepositoryDirectory!, repositoryKey,
                ct);
        return new ReleaseSigner(key).Sign(options.DistDirectory, inputs);
    }

    /// <summary>The repository key, when the dist has Debian packages whose repository Sign signs; read here and
    /// nowhere else.</summary>
    private async Task<RepositoryKey?> LoadRepositoryKeyAsync(CancellationToken ct)
    {
        if (options.AptRepositoryDirectory is null
            || !File.Exists(Path.Combine(options.DistDirectory, FleetManifest.FileName))) return null;
        var armored = options.RepositoryKey is null ? null
            : File.Exists(options.RepositoryKey) ? await File.ReadAllTextAsync(options.RepositoryKey,
                ct) : options.RepositoryKey;
        var key = await RepositoryKey.LoadAsync(armored, options.DevelopmentRepositoryKeyFolder, ct);
        if (key.Development)
            Log.Warning(
                "No --repository-key or OPENH264_REPOSITORY_KEY: signing the apt repository with the development key " +
                    "{Fingerprint}; a release refuses it",
                key.Fingerprint);
        return key;
    }
}

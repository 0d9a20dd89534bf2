using OpenH264Build.DebianPackaging;
using OpenH264Build.Distribution;
using OpenH264Build.Engine;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>
/// A release folder the rollout may trust: its SHA256SUMS signature checks out with the release public key and
/// every file matches, so the fleet manifest (version, repository key fingerprint, library sha256, smoke digests)
/// and the repository key file are the ones the build signed. The key file must carry the manifest's fingerprint.
/// </summary>
public sealed record VerifiedFleetRelease(string Folder, FleetManifest Manifest)
{
    public string KeyFile => Path.Combine(Folder, Manifest.RepositoryKeyFile);

    public static VerifiedFleetRelease Open(string folder, string publicKeyPath)
    {
        if (!Directory.Exists(folder)) throw new BuildFailure($"--release {folder}: no such release folder");
        var verified = new DistVerifier().Verify(folder, MinisignPublicKey.Load(publicKeyPath), DistExpectations.FilesAndSignatures(DistUse.Rollout));
        var manifest = FleetManifest.Read(folder);
        if (manifest.RepositoryKeyFile != FleetManifest.KeyFileName(manifest.RepositoryKeyFingerprint))
            throw new BuildFailure($"{FleetManifest.FileName} names key file {manifest.RepositoryKeyFile}, which is not the file of fingerprint {manifest.RepositoryKeyFingerprint}");
        Log.Information("Release {Folder}: {Count} files verified ({Comment}); installs {Version}", folder, verified.FileCount,
            verified.TrustedCommentText, manifest.DebianVersion);
        if (manifest.DevelopmentKey) Log.Warning("The apt repository of this release is signed with a development key: for test fleets only");
        return new VerifiedFleetRelease(folder, manifest);
    }
}

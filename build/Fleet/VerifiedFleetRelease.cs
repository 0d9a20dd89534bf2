using OpenH264Build.DebianPackaging;
using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>
/// A release folder the rollout may trust: it passed the release policy (<see cref="ReleasePolicy"/>), the same one
/// Verify and Publish apply, so the fleet manifest (version, repository key fingerprint, library sha256, smoke
/// digests) and the repository key file are the ones the build signed, and bound to the proven library.
/// </summary>
public sealed record VerifiedFleetRelease(string Folder, FleetManifest Manifest, ReleaseVerdict Verdict)
{
    public string KeyFile => Path.Combine(Folder, Manifest.RepositoryKeyFile);

    /// <param name="allowDevelopment">A lab fleet: development keys are let through, and the verdict says so.</param>
    public static async Task<VerifiedFleetRelease> OpenAsync(string folder, string publicKeyPath,
        bool allowDevelopment = false,
        CancellationToken ct = default)
    {
        if (!Directory.Exists(folder)) throw new BuildFailure($"--release {folder}: no such release folder");
        var policy = new ReleasePolicy(new ReleaseRequest(DistUse.Rollout) { AllowDevelopment = allowDevelopment });
        var verdict = await policy.CheckAsync(folder, MinisignPublicKey.Load(publicKeyPath), ct);
        var manifest = FleetManifest.Read(folder);
        Log.Information("Release {Folder}: installs {Version}", folder, manifest.DebianVersion);
        return new VerifiedFleetRelease(folder, manifest, verdict);
    }
}

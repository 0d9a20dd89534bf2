using OpenH264Build.DebianPackaging;
using OpenH264Build.Engine;

namespace OpenH264Build;

/// <summary>Package's Debian side: libopenh264-7 and openh264-fleet-smoke per arch, and the signed apt repository.</summary>
partial class Build
{
    [Parameter("Site name in the Debian version of the fleet packages: 2.3.1+dfsg-3+deb12u2+<site><n> (lowercase letters)")]
    readonly string DebSite = "fleet";

    [Parameter("Release key of the apt repository: an armored OpenPGP secret key file (OPENH264_REPOSITORY_KEY may hold its content); without one, a development key signs"), Secret]
    readonly string? RepositoryKey;

    /// <summary>The signed apt repository the rollout installs from (served as a folder or over HTTP).</summary>
    static string AptRepositoryDirectory => Path.Combine(ArtifactsDirectory, "apt");

    async Task BuildFleetPackages()
    {
        if (Libraries.Count == 0) return;
        var armored = RepositoryKey is null ? null : File.Exists(RepositoryKey) ? await File.ReadAllTextAsync(RepositoryKey) : RepositoryKey;
        await using var key = await DebianPackaging.RepositoryKey.LoadAsync(armored, Path.Combine(DevelopmentKeyDirectory, "apt-gnupg"), CancellationToken);
        var scratch = Path.Combine(ArtifactsDirectory, ".staging", "debian");
        try
        {
            await FleetPackaging.RunAsync(Libraries.Values, DebianVersion.For(Version, DebSite), Path.Combine(PatchedSource!.Directory, "LICENSE"), key,
                new FleetPackagingOutput(DistStage.Directory, AptRepositoryDirectory, scratch), ReproducibleTime, await HarnessSandboxAsync(), CancellationToken);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }
}

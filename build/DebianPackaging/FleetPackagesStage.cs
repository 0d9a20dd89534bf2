using OpenH264Build.Compilation;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;

namespace OpenH264Build.DebianPackaging;

/// <summary>The fleet's packages: the manifest of the .debs (with their smoke digests) in the dist and the apt repository.</summary>
public sealed record FleetPackages(FleetManifest Manifest) : IStageResult { public static string Producer => "Package"; }

/// <summary>How the fleet packages are versioned (the site name in the Debian version) and where the repository goes.</summary>
public sealed record FleetPackagesOptions(string Site, string AptRepositoryDirectory);

/// <summary>
/// Package's Debian side: libopenh264-7 and openh264-fleet-smoke per arch (the smoke digests recorded in the sandbox,
/// since recording them runs the built library), and the apt repository the rollout installs from, unsigned: no key
/// reaches the build job; Sign signs it.
/// </summary>
public sealed class FleetPackagesStage(FleetPackagesOptions options) : IStage<FleetPackages>
{
    public override string ToString() => "package the fleet's .debs and apt repository";

    public async Task<FleetPackages> RunAsync(RunContext context)
    {
        var compiled = context.Results.Get<CompiledLibraries>("Package");
        var source = context.Results.Get<PatchedSource>("Package");
        var scratch = Path.Combine(context.Paths.Artifacts, ".staging", "debian");
        try
        {
            var manifest = await FleetPackaging.RunAsync(compiled.ByArch.Values.ToList(), DebianVersion.For(context.Version, options.Site), source.LicenseFile,
                new FleetPackagingOutput(context.DistStage.Directory, options.AptRepositoryDirectory, scratch), context.ReproducibleTime,
                await context.SandboxAsync(), context.Cancellation, context.Cache);
            return new FleetPackages(manifest);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }
}

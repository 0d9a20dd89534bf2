using OpenH264Build.Caching;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Formats;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Util;

namespace OpenH264Build.Stages;

/// <summary>
/// Package's Debian side: libopenh264-7 and openh264-fleet-smoke per arch (the smoke digests recorded in the sandbox,
/// since recording them runs the built library), and the apt repository the rollout installs from, unsigned: no key
/// reaches the build job; Sign signs it.
/// </summary>
public sealed class FleetPackagesStage(FleetPackagesOptions options) : IStage
{
    public override string ToString() => "package the fleet's .debs and apt repository";

    public async Task RunAsync(RunContext context)
    {
        var compiled = context.Results.Get<CompiledLibraries>("Package");
        var sandbox = await context.SandboxAsync();
        var (folder, _) = await CachedOutputs.GetAsync(context.Cache, "fleet-packages", Key(context, compiled, sandbox),
            output => ProduceAsync(context, compiled, sandbox, output));
        CachedOutputs.CopyInto(Path.Combine(folder, "dist"), context.DistStage.Directory);
        var apt = options.AptRepositoryDirectory;
        if (Directory.Exists(apt)) Directory.Delete(apt, recursive: true);
        CachedOutputs.CopyInto(Path.Combine(folder, "apt"), apt);
    }

    /// <summary>
    /// Everything the .debs, the manifest and the unsigned repository are made of: each library (compile key, digest)
    /// and harness, the smoke digests' sandbox, the Debian version, the license, the time, the code. No key: Sign
    /// signs the repository.
    /// </summary>
    string Key(RunContext context, CompiledLibraries compiled, Containers.HarnessSandbox sandbox)
    {
        var parts = compiled.ByArch.OrderBy(l => l.Key).SelectMany(l => new[]
        {
            (l.Key.Name(), $"{l.Value.Key} {Sha256.OfFile(l.Value.LibraryPath)} {Sha256.OfFile(l.Value.HarnessPath)}"),
        }).ToList();
        var license = context.Results.Get<PatchedSource>("Package").LicenseFile;
        parts.AddRange([
            ("debian-version", DebianVersion.For(context.Version, options.Site)), ("license", Sha256.OfFile(license)),
            ("time", context.ReproducibleTime.ToString("O")), ("sandbox", sandbox.Image.Id),
            ("recipe", CachedOutputs.Recipe),
        ]);
        return Sha256.OfParts([.. parts])[..24];
    }

    /// <summary>The packages, the manifest and the repository, made in the cache's scratch folder.</summary>
    async Task ProduceAsync(RunContext context, CompiledLibraries compiled, Containers.HarnessSandbox sandbox,
        string output)
    {
        var license = context.Results.Get<PatchedSource>("Package").LicenseFile;
        var scratch = Path.Combine(context.Paths.Artifacts, ".staging", "debian");
        var folders = new FleetPackagingOutput(Path.Combine(output, "dist"), Path.Combine(output, "apt"), scratch);
        Directory.CreateDirectory(folders.DistDirectory);
        try
        {
            await FleetPackaging.RunAsync(compiled.ByArch.Values.ToList(),
                DebianVersion.For(context.Version, options.Site),
                license, folders, context.ReproducibleTime, sandbox, context.Cancellation, context.Cache);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }
}

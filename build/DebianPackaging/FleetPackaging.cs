using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Formats;
using OpenH264Build.Host;
using OpenH264Build.Util;
using Serilog;

namespace OpenH264Build.DebianPackaging;

/// <summary>Where the fleet packaging writes: the release folder (packages, manifest) and the repository to
/// serve.</summary>
public sealed record FleetPackagingOutput(string DistDirectory, string RepositoryDirectory, string ScratchDirectory);

/// <summary>
/// The Debian side of Package: for each built architecture the library package and the smoke package (with the
/// digests this build's library gives for the smoke stream), the apt repository holding them, unsigned, and the
/// manifest the rollout trusts once the release policy has checked it. Sign adds the repository key (see
/// <see cref="RepositorySigning"/>): the build job holds no key.
/// </summary>
public static class FleetPackaging
{
    public static async Task<FleetManifest> RunAsync(IReadOnlyCollection<CompiledLibrary> libraries,
        string debianVersion, string licenseFile,
        FleetPackagingOutput output, DateTime fixedTime, Containers.HarnessSandbox sandbox, CancellationToken ct,
            Caching.StageCache? cache = null)
    {
        Directory.CreateDirectory(output.ScratchDirectory);
        var stream = await SmokeStream.MakeAsync(Path.Combine(output.ScratchDirectory, "smoke.h264"), ct);
        var architectures = new Dictionary<string, FleetArchitecture>();
        var debs = new List<string>();
        foreach (var library in libraries.OrderBy(l => l.Arch))
        {
            var work = Path.Combine(output.ScratchDirectory, "smoke-" + library.Arch.Name());
            var digests = cache is null ? await SmokeStream.RecordDigestsAsync(sandbox, library, stream, work, ct)
                : await SmokeStream.RecordDigestsAsync(cache, sandbox, library, stream, work, ct);
            var libraryDeb = await FleetDebs.BuildLibraryAsync(library, debianVersion, licenseFile,
                output.ScratchDirectory, output.DistDirectory, fixedTime, ct);
            var smokeDeb = await FleetDebs.BuildSmokeAsync(library.Arch,
                new SmokeContent(library.HarnessPath, stream, digests), debianVersion, licenseFile,
                output.ScratchDirectory, output.DistDirectory, fixedTime, ct);
            debs.AddRange([libraryDeb, smokeDeb]);
            architectures[library.Arch.DebianName()] = new FleetArchitecture(library.Arch.Name(),
                Path.GetFileName(library.LibraryPath),
                Sha256.OfFile(library.LibraryPath), Path.GetFileName(libraryDeb), Path.GetFileName(smokeDeb), digests);
            Log.Information("Debian packages {Library} and {Smoke}", Path.GetFileName(libraryDeb),
                Path.GetFileName(smokeDeb));
        }

        await AptRepository.AssembleAsync(debs, output.ScratchDirectory, output.RepositoryDirectory, ct);
        // The repository key is Sign's to add: until then the manifest names none.
        var manifest = new FleetManifest(debianVersion, DebianVersion.DistributionVersion, AptRepository.Origin,
            AptRepository.Suite,
            "", "", false, architectures);
        manifest.Write(output.DistDirectory);
        Log.Information("Apt repository {Folder} assembled, unsigned (Sign signs it)", output.RepositoryDirectory);
        return manifest;
    }
}

using System.Text.Json.Nodes;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Processes;
using OpenH264Build.Signing;
using OpenH264Build.Util;

namespace OpenH264Build.Fleet;

/// <summary>
/// What the playbooks are told, all of it from the verified release: the version, the repository's origin and suite,
/// and per arch the sha256 each host checks before trusting a file: each <c>.deb</c> as the signed SHA256SUMS lists it
/// (checked before dpkg sees it), the smoke program and stream inside the verified smoke package, the recorded
/// digests as the bundle carries them, and the library once installed.
/// </summary>
public sealed class RolloutVariables(VerifiedFleetRelease release, IReadOnlyList<FleetHost> inventory,
    RolloutOptions options, string scratch)
{
    private JsonObject? _arches;
    private string? _bundle;

    public async Task<JsonObject> ForRolloutAsync(CancellationToken ct)
    {
        var manifest = release.Manifest;
        _arches ??= await ArchesAsync(ct);
        _bundle ??= ReleaseBundle.Write(release, options.RepositoryUrl is null ? options.RepositoryFolder : null,
            Path.Combine(scratch, "bundle.tar"));
        return new JsonObject
        {
            ["fleet_version"] = manifest.DebianVersion,
            ["fleet_origin"] = manifest.Origin,
            ["fleet_suite"] = manifest.Suite,
            ["fleet_bundle"] = _bundle,
            ["fleet_repository_url"] = options.RepositoryUrl ?? "",
            ["fleet_min_free_kib"] = options.MinimumFreeKiB,
            ["fleet_lock_timeout"] = options.LockTimeoutSeconds,
            ["fleet_arches"] = _arches.DeepClone(),
            // The architecture the inventory gives each host (its openh264_arch, or its group).
            ["fleet_host_arch"] = new JsonObject(inventory.Select(h => KeyValuePair.Create(h.Name, (JsonNode?)h.Arch))),
        };
    }

    private async Task<JsonObject> ArchesAsync(CancellationToken ct)
    {
        var sums = Sha256Sums.Parse(await File.ReadAllTextAsync(Path.Combine(release.Folder, Sha256Sums.FileName),
            ct), Sha256Sums.FileName)
            .ToDictionary(d => d.Name, d => d.Sha256, StringComparer.Ordinal);
        string Signed(string name) => sums.GetValueOrDefault(name)
            ?? throw new BuildFailure($"{Sha256Sums.FileName} of {release.Folder} does not list {name}, which " +
                $"{FleetManifest.FileName} names");
        var arches = new JsonObject();
        foreach (var (debianArch, arch) in release.Manifest.Architectures)
        {
            var smoke = await SmokeFilesAsync(debianArch, Path.Combine(release.Folder, arch.SmokeDeb), ct);
            arches[debianArch] = new JsonObject
            {
                ["librarySha256"] = arch.LibrarySha256,
                ["libraryDeb"] = arch.LibraryDeb,
                ["libraryDebSha256"] = Signed(arch.LibraryDeb),
                ["smokeDeb"] = arch.SmokeDeb,
                ["smokeDebSha256"] = Signed(arch.SmokeDeb),
                ["smokeProgramSha256"] = smoke.Program,
                ["smokeStreamSha256"] = smoke.Stream,
                ["smokeDigestsSha256"] = Sha256.OfText(ReleaseBundle.ExpectedDigests(arch)),
            };
        }
        return arches;
    }

    /// <summary>The sha256 of the smoke program and stream as the verified smoke package holds them.</summary>
    private async Task<(string Program, string Stream)> SmokeFilesAsync(string debianArch, string deb,
        CancellationToken ct)
    {
        var folder = Path.Combine(scratch, "smoke-" + debianArch);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        // dpkg-deb makes the folder but not its parents.
        Directory.CreateDirectory(folder);
        await HostProgram.RunAsync("dpkg-deb", ["-x", deb, folder], new(), ct);
        var triplet = debianArch == "amd64" ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
        var smoke = Path.Combine(folder, "usr", "lib", triplet, FleetDebs.SmokePackage);
        foreach (var file in new[] { "h264harness", "smoke.h264" })
            if (!File.Exists(Path.Combine(smoke,
                file))) throw new BuildFailure($"{Path.GetFileName(deb)} holds no {file} under /usr/lib/{triplet}");
        return (Sha256.OfFile(Path.Combine(smoke, "h264harness")), Sha256.OfFile(Path.Combine(smoke, "smoke.h264")));
    }
}

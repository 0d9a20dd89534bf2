using OpenH264Build.Formats;
using OpenH264Build.Signing;
using OpenH264Build.Util;
using Serilog;

namespace OpenH264Build.DebianPackaging;

/// <summary>
/// Sign's Debian part: the repository Package assembled must hold exactly the dist's packages (each by its sha256, in
/// the pool and in the indexes the Release file lists); then its Release file is signed with the repository key, the
/// public key goes into the dist under its fingerprint, and the manifest names it. The minisign signature over
/// SHA256SUMS, made next, covers the key file and the manifest: whoever trusts the release key trusts this key.
/// </summary>
public static class RepositorySigning
{
    /// <summary>Signs the repository for the dist's packages; null when the dist has none (no fleet
    /// manifest).</summary>
    public static async Task<FleetManifest?> SignAsync(string distDirectory, string repositoryDirectory,
        RepositoryKey key, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(distDirectory, FleetManifest.FileName))) return null;
        if (!File.Exists(AptRepository.ReleaseFile(repositoryDirectory)))
            throw new SigningFailure($"{repositoryDirectory} holds no apt repository to sign: run Package (in the " +
                $"release workflow, the build job's proved-apt)");
        EnsureHoldsTheDistPackages(distDirectory, repositoryDirectory);
        await AptRepository.SignAsync(repositoryDirectory, key, ct);
        foreach (var stale in Directory.EnumerateFiles(distDirectory,
            FleetManifest.KeyFileName("*"))) File.Delete(stale);
        var keyFile = FleetManifest.KeyFileName(key.Fingerprint);
        await key.ExportPublicAsync(Path.Combine(distDirectory, keyFile), ct);
        var manifest = FleetManifest.Read(distDirectory) with
        {
            RepositoryKeyFingerprint = key.Fingerprint, RepositoryKeyFile = keyFile, DevelopmentKey = key.Development,
        };
        manifest.Write(distDirectory);
        Log.Information("Apt repository {Folder} signed by the {Kind} repository key {Fingerprint}",
            repositoryDirectory,
            key.Development ? "development" : "release", key.Fingerprint);
        return manifest;
    }

    /// <summary>The pool holds the dist's .debs and nothing else; every index and package the Release file covers is
    /// that.</summary>
    public static void EnsureHoldsTheDistPackages(string distDirectory, string repositoryDirectory)
    {
        var proven = Directory.EnumerateFiles(distDirectory, "*.deb").ToDictionary(Sha256.OfFile, Path.GetFileName);
        foreach (var deb in Directory.EnumerateFiles(Path.Combine(repositoryDirectory, "pool"), "*",
            SearchOption.AllDirectories))
            if (!proven.ContainsKey(Sha256.OfFile(deb)))
                throw new SigningFailure($"the apt repository holds {Path.GetFileName(deb)} (sha256 " +
                    $"{Sha256.OfFile(deb)}), which is not a package of the dist: refusing to sign it");
        var release = AptRepository.ReleaseFile(repositoryDirectory);
        foreach (var (index, digest) in ReleaseDigests(release))
        {
            var path = Path.Combine(Path.GetDirectoryName(release)!, index);
            if (File.Exists(path) && Sha256.OfFile(path) != digest)
                throw new SigningFailure($"the apt repository's {index} does not match its Release file (sha256 " +
                    $"{Sha256.OfFile(path)}, Release says {digest})");
            if (File.Exists(path) && Path.GetFileName(index) == "Packages") EnsureIndexNamesOnly(path, index, proven);
        }
    }

    /// <summary>Each package a Packages index lists (its SHA256 line) is one of the dist's.</summary>
    private static void EnsureIndexNamesOnly(string path, string index, IReadOnlyDictionary<string, string?> proven)
    {
        foreach (var line in File.ReadLines(path).Where(l => l.StartsWith("SHA256: ", StringComparison.Ordinal)))
            if (!proven.ContainsKey(line["SHA256: ".Length..].Trim()))
                throw new SigningFailure($"the apt repository's {index} lists a package (sha256 " +
                    $"{line["SHA256: ".Length..].Trim()}) that is not in the dist");
    }

    /// <summary>The "SHA256:" section of a Release file: each index's path and sha256.</summary>
    private static IEnumerable<(string Path, string Sha256)> ReleaseDigests(string release)
    {
        var inSection = false;
        foreach (var line in File.ReadLines(release))
        {
            if (!line.StartsWith(' ')) { inSection = line.StartsWith("SHA256:", StringComparison.Ordinal); continue; }
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (inSection && fields.Length == 3) yield return (fields[2], fields[0]);
        }
    }
}

using System.Text;
using OpenH264Build.Archives;

namespace OpenH264Build.Fleet;

/// <summary>
/// The one file the play copies to each host (one transfer instead of one per repository file): the signed apt
/// repository (unless hosts fetch it from a URL), the repository key from the verified release, and per
/// architecture the smoke digests the build recorded. apt checks the repository's signature on the host itself.
/// </summary>
public static class ReleaseBundle
{
    public static string Write(VerifiedFleetRelease release, string? repositoryFolder, string path)
    {
        var entries = new List<TarEntrySource> { TarEntrySource.File("keyring.asc", release.KeyFile) };
        foreach (var (debianArch, arch) in release.Manifest.Architectures)
            entries.Add(TarEntrySource.Bytes($"expected-{debianArch}.txt",
                Encoding.UTF8.GetBytes(ExpectedDigests(arch))));
        if (repositoryFolder is not null)
        {
            if (!Directory.Exists(Path.Combine(repositoryFolder, "dists")))
                throw new Engine.BuildFailure($"{repositoryFolder} is not an apt repository (no dists/): pass " +
                    $"--apt-folder or --apt-url");
            entries.Add(TarEntrySource.Directory("apt"));
            entries.AddRange(TarWriter.EntriesOf(repositoryFolder, "apt/"));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var output = File.Create(path);
        TarWriter.Write(output, entries);
        return path;
    }

    /// <summary>The recorded digests of one arch as the bundle carries them (the host checks this text's
    /// sha256).</summary>
    public static string ExpectedDigests(DebianPackaging.FleetArchitecture arch) =>
        string.Concat(arch.SmokeDigests.Select(d => d + "\n"));
}

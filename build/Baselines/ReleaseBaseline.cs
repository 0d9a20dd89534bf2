using OpenH264Build.Abi;
using OpenH264Build.Downloads;
using OpenH264Build.Elf;
using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Baselines;

/// <summary>
/// The previous release of this project as a baseline: its tarball (a path or URL) is verified against its
/// published sha256 before anything in it is used, then unpacked; the .so, its debug file, the public headers
/// and the ABI dump are found inside (an ABI dump beside the tarball, as dist stores it, is used too).
/// </summary>
public static class ReleaseBaseline
{
    public static async Task<BaselineLibrary> FetchAsync(string tarball, string checksum, string workDirectory,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(workDirectory);
        var local = await RemoteFile.GetAsync(tarball, workDirectory, cancellationToken);
        var name = Path.GetFileName(local);
        PublishedChecksum.Verify(local, await PublishedChecksum.ResolveAsync(checksum, name, workDirectory,
            cancellationToken));

        var root = Path.Combine(workDirectory, "release");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        // GNU tar reads every compression the packaging may choose (gz, xz, zst) and keeps the symlinks.
        await HostProgram.RunAsync("tar", ["-xf", local, "-C", root],
            new() { Purpose = $"Unpacking the previous release {name}" }, cancellationToken);

        var library = LibraryFinder.FindSharedLibrary(root, "libopenh264.so")
                      ?? LibraryFinder.FindAnySharedLibrary(root)
                      ?? throw new BuildFailure($"{name} holds no shared library");
        var facts = ElfInspector.Read(library);
        var debug = LibraryFinder.FindDebugFile(root, library, facts.DebugLink);
        var headers = LibraryFinder.FindHeadersDirectory(root);
        var dump = LibraryFinder.FindAbiDump(root) ?? Sibling(local);
        return new BaselineLibrary(BaselineSource.Release, $"previous release {name} (sha256 verified)",
            new NativeBuildOutput(library, debug, headers), dump);
    }

    private static string? Sibling(string tarball)
    {
        foreach (var suffix in new[] { ".tar.gz", ".tar.xz", ".tar.zst", ".tgz", ".tar" })
            if (tarball.EndsWith(suffix, StringComparison.Ordinal))
            {
                var dump = tarball[..^suffix.Length] + ".abi.xml";
                return File.Exists(dump) ? dump : null;
            }
        return null;
    }
}

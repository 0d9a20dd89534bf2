using OpenH264Build.Abi;
using OpenH264Build.Elf;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Processes;

namespace OpenH264Build.Baselines;

/// <summary>
/// Debian's own libopenh264 (the library the fleet ran before our patched drop-in) for an architecture, and its public
/// headers: downloaded with apt-get into a cache folder (once per package and arch) and unpacked with dpkg-deb. The
/// foreign arch is made known to apt first, so <c>:arm64</c> resolves on an amd64 host. Debian ships no debug info in
/// the main archive, so abidiff compares symbols only against this baseline; the report says so.
/// </summary>
public static class DebianOpenH264
{
    public const string LibraryPackage = "libopenh264-7";
    public const string HeadersPackage = "libopenh264-dev";

    /// <summary>Path of libopenh264.so.7 for the architecture.</summary>
    public static async Task<string> LibraryAsync(TargetArch arch, string cacheDirectory,
        CancellationToken cancellationToken = default) =>
        (await UnpackLibraryAsync(arch, cacheDirectory, cancellationToken)).Library;

    /// <summary>The package as an ABI and Compat baseline: symbols only, named with its Debian version.</summary>
    public static async Task<BaselineLibrary> BaselineAsync(TargetArch arch, string cacheDirectory,
        CancellationToken cancellationToken = default)
    {
        var (library, version) = await UnpackLibraryAsync(arch, cacheDirectory, cancellationToken);
        return new BaselineLibrary(BaselineSource.Debian,
            $"Debian {LibraryPackage}:{arch.DebianName()} {version} (no debug info: symbols only)",
                new NativeBuildOutput(library));
    }

    /// <summary>The folder holding codec_api.h.</summary>
    public static async Task<string> IncludeDirectoryAsync(string cacheDirectory,
        CancellationToken cancellationToken = default)
    {
        var (root, _) = await UnpackAsync(HeadersPackage, Path.Combine(cacheDirectory, HeadersPackage),
            cancellationToken);
        var header = Directory.GetFiles(root, "codec_api.h", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new BuildFailure($"{HeadersPackage} has no codec_api.h");
        return Path.GetDirectoryName(header)!;
    }

    static async Task<(string Library, string Version)> UnpackLibraryAsync(TargetArch arch, string cacheDirectory,
        CancellationToken cancellationToken)
    {
        var package = $"{LibraryPackage}:{arch.DebianName()}";
        var (root, version) = await UnpackAsync(package,
            Path.Combine(cacheDirectory, $"{LibraryPackage}-{arch.DebianName()}"), cancellationToken);
        var library = Directory.GetFiles(root, "libopenh264.so.7", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new BuildFailure($"{package} has no libopenh264.so.7");
        return (library, version);
    }

    static readonly SemaphoreSlim Gate = new(1, 1);

    /// <returns>The unpacked package, and its Debian version (from the name of the .deb kept beside it).</returns>
    static async Task<(string Root, string Version)> UnpackAsync(string package, string directory,
        CancellationToken cancellationToken)
    {
        var root = Path.Combine(directory, "root");
        var download = Path.Combine(directory, "download");
        // apt and dpkg take locks of their own: one download at a time, even when tests run in parallel.
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(root)) await DownloadAndUnpackAsync(package, download, root, cancellationToken);
            var deb = Directory.GetFiles(download, "*.deb").FirstOrDefault();
            return (root, deb is null ? "(version unknown)"
                : Uri.UnescapeDataString(Path.GetFileName(deb).Split('_')[1]));
        }
        finally { Gate.Release(); }
    }

    static async Task DownloadAndUnpackAsync(string package, string download, string root,
        CancellationToken cancellationToken)
    {
        // apt finds an :arm64 package on an amd64 host only once arm64 is a foreign architecture. Prerequisites adds
        // it; here it is only checked (one line naming the command), so nothing but Prerequisites changes the
        // machine's dpkg.
        if (package.EndsWith(":arm64", StringComparison.Ordinal))
            await Host.ForeignArchitectures.EnsureAsync(mayInstall: false, cancellationToken);
        if (Directory.Exists(download)) Directory.Delete(download, true);
        Directory.CreateDirectory(download);
        var result = await HostProgram.RunAsync("apt-get", ["download", package],
            new ProgramOptions { WorkingDirectory = download, AllowFailure = true }, cancellationToken);
        if (!result.Succeeded)
        {
            // A stale package list is the usual cause: refresh it once and try again.
            await HostProgram.RunAsync("apt-get", ["update", "-qq"], cancellationToken: cancellationToken);
            result = await HostProgram.RunAsync("apt-get", ["download", package],
                new ProgramOptions { WorkingDirectory = download, AllowFailure = true }, cancellationToken);
        }
        var deb = Directory.GetFiles(download, "*.deb").FirstOrDefault();
        if (!result.Succeeded || deb is null)
            throw new BuildFailure($"apt-get download {package} failed (is the architecture enabled and apt-get " +
                $"update run?): {result.LastLine}");
        var staging = root + ".tmp";
        if (Directory.Exists(staging)) Directory.Delete(staging, true);
        await HostProgram.RunAsync("dpkg-deb", ["-x", deb, staging], cancellationToken: cancellationToken);
        Directory.Move(staging, root);
    }
}

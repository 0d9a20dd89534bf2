using CliWrap;
using CliWrap.Buffered;

namespace OpenH264Build.Compat;

/// <summary>
/// Debian's own libopenh264 (the library the fleet ran before our patched drop-in) for an architecture, and its
/// public headers: downloaded with apt-get into a cache folder and unpacked with dpkg-deb. Needs the foreign
/// architecture enabled for arm64 (dpkg --add-architecture arm64 &amp;&amp; apt-get update).
/// </summary>
public static class DebianOpenH264
{
    public const string LibraryPackage = "libopenh264-7";
    public const string HeadersPackage = "libopenh264-dev";

    /// <summary>Path of libopenh264.so.7 for the architecture.</summary>
    public static async Task<string> LibraryAsync(TargetArch arch, string cacheDirectory, CancellationToken cancellationToken = default)
    {
        var root = await UnpackAsync($"{LibraryPackage}:{arch.DebianName()}", Path.Combine(cacheDirectory, $"{LibraryPackage}-{arch.DebianName()}"), cancellationToken);
        return Directory.GetFiles(root, "libopenh264.so.7", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new Engine.BuildFailure($"{LibraryPackage}:{arch.DebianName()} has no libopenh264.so.7");
    }

    /// <summary>The folder holding codec_api.h.</summary>
    public static async Task<string> IncludeDirectoryAsync(string cacheDirectory, CancellationToken cancellationToken = default)
    {
        var root = await UnpackAsync(HeadersPackage, Path.Combine(cacheDirectory, HeadersPackage), cancellationToken);
        var header = Directory.GetFiles(root, "codec_api.h", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new Engine.BuildFailure($"{HeadersPackage} has no codec_api.h");
        return Path.GetDirectoryName(header)!;
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static async Task<string> UnpackAsync(string package, string directory, CancellationToken cancellationToken)
    {
        var root = Path.Combine(directory, "root");
        // apt and dpkg take locks of their own: one download at a time, even when tests run in parallel.
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(root)) return root;
            var download = Path.Combine(directory, "download");
            if (Directory.Exists(download)) Directory.Delete(download, true);
            Directory.CreateDirectory(download);
            var result = await Cli.Wrap("apt-get").WithArguments(["download", package]).WithWorkingDirectory(download)
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
            var deb = Directory.GetFiles(download, "*.deb").FirstOrDefault();
            if (result.ExitCode != 0 || deb is null)
                throw new Engine.BuildFailure($"apt-get download {package} failed (is the architecture enabled and apt-get update run?): {result.StandardError.Trim().Split('\n').Last()}");
            var staging = root + ".tmp";
            if (Directory.Exists(staging)) Directory.Delete(staging, true);
            await Cli.Wrap("dpkg-deb").WithArguments(["-x", deb, staging]).ExecuteBufferedAsync(cancellationToken);
            Directory.Move(staging, root);
            return root;
        }
        finally { Gate.Release(); }
    }
}

using OpenH264Build.Engine;

namespace OpenH264Build.Abi;

/// <summary>
/// Debian's <c>libopenh264-7</c> for one arch, downloaded with apt (the foreign arch is added to dpkg first, so
/// <c>:arm64</c> resolves on an amd64 host) and unpacked with dpkg-deb. Debian ships no debug info in the main
/// archive, so abidiff compares symbols only against this baseline; the report says so.
/// </summary>
public static class DebianPackageBaseline
{
    public const string PackageName = "libopenh264-7";

    public static async Task<AbiBaseline> FetchAsync(TargetArch arch, string workDirectory, CancellationToken cancellationToken = default)
    {
        var debArch = arch.DebianName();
        Directory.CreateDirectory(workDirectory);
        var foreign = await ToolRun.RunCheckedAsync("dpkg", ["--print-foreign-architectures"], cancellationToken: cancellationToken);
        var native = (await ToolRun.RunCheckedAsync("dpkg", ["--print-architecture"], cancellationToken: cancellationToken)).StandardOutput.Trim();
        if (debArch != native && !foreign.StandardOutput.Split('\n').Select(l => l.Trim()).Contains(debArch))
        {
            await ToolRun.RunCheckedAsync("dpkg", ["--add-architecture", debArch], cancellationToken: cancellationToken);
            await ToolRun.RunCheckedAsync("apt-get", ["update", "-qq"], cancellationToken: cancellationToken);
        }

        foreach (var old in Directory.GetFiles(workDirectory, "*.deb")) File.Delete(old);
        var download = await ToolRun.RunAsync("apt-get", ["download", $"{PackageName}:{debArch}"], workDirectory, cancellationToken);
        if (download.ExitCode != 0)
        {
            // A stale package list is the usual cause: refresh it once and try again.
            await ToolRun.RunCheckedAsync("apt-get", ["update", "-qq"], cancellationToken: cancellationToken);
            await ToolRun.RunCheckedAsync("apt-get", ["download", $"{PackageName}:{debArch}"], workDirectory, cancellationToken);
        }
        var deb = Directory.GetFiles(workDirectory, $"{PackageName}_*_{debArch}.deb").SingleOrDefault()
                  ?? throw new BuildFailure($"apt-get download {PackageName}:{debArch} left no .deb in {workDirectory}");
        var version = Path.GetFileName(deb).Split('_')[1];

        var root = Path.Combine(workDirectory, "root");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        await ToolRun.RunCheckedAsync("dpkg-deb", ["-x", deb, root], cancellationToken: cancellationToken);

        var library = LibraryFinder.FindSharedLibrary(root, "libopenh264.so")
                      ?? throw new BuildFailure($"{Path.GetFileName(deb)} holds no libopenh264.so.*");
        return new AbiBaseline(AbiBaselineSource.Debian, $"Debian {PackageName}:{debArch} {Uri.UnescapeDataString(version)} (no debug info: symbols only)",
            new NativeBuildOutput(library));
    }
}

using System.Text;
using OpenH264Build.Archives;
using OpenH264Build.Compilation;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Versioning;

namespace OpenH264Build.Packaging;

/// <summary>
/// Packs one architecture's library into two reproducible tarballs: the runtime package
/// (<c>lib/</c> with the library and its two links, <c>include/wels/</c>, <c>lib/pkgconfig/</c>, LICENSE, BUILDINFO)
/// and the debug package (the split debug file, placed beside the library so <c>.gnu_debuglink</c> finds it).
/// </summary>
public static class LibraryPackager
{
    public const int SonameMajor = 7;

    public static string PackageName(ReleaseVersion version,
        TargetArch arch) => $"openh264-{version}-linux-{arch.Name()}.tar.gz";
    public static string DebugPackageName(ReleaseVersion version,
        TargetArch arch) => $"openh264-{version}-linux-{arch.Name()}-debug.tar.gz";

    public static IReadOnlyList<string> Package(CompiledLibrary library, ReleaseVersion version, string licenseFile,
        string buildInfo, string outputDirectory, DateTime fixedTime)
    {
        var libraryName = Path.GetFileName(library.LibraryPath);
        var headers = Directory.EnumerateFiles(library.HeadersDirectory, "*.h").Order(StringComparer.Ordinal).ToList();
        if (headers.Count == 0) throw new BuildFailure($"{library.Arch.Name()}: no public headers were installed");

        var entries = new List<TarEntrySource>
        {
            TarEntrySource.Directory("lib"),
            TarEntrySource.File($"lib/{libraryName}", library.LibraryPath, 0b111_101_101),
            TarEntrySource.Symlink($"lib/libopenh264.so.{SonameMajor}", libraryName),
            TarEntrySource.Symlink("lib/libopenh264.so", $"libopenh264.so.{SonameMajor}"),
            TarEntrySource.Directory("lib/pkgconfig"),
            TarEntrySource.File("lib/pkgconfig/openh264.pc", library.PkgConfigPath),
            TarEntrySource.Directory("include"),
            TarEntrySource.Directory("include/wels"),
            TarEntrySource.File("LICENSE", licenseFile),
            TarEntrySource.Bytes("BUILDINFO", Encoding.UTF8.GetBytes(buildInfo)),
        };
        entries.AddRange(headers.Select(h => TarEntrySource.File($"include/wels/{Path.GetFileName(h)}", h)));

        Directory.CreateDirectory(outputDirectory);
        var package = Path.Combine(outputDirectory, PackageName(version, library.Arch));
        TarWriter.WriteTarGz(package, entries, fixedTime);

        var debug = Path.Combine(outputDirectory, DebugPackageName(version, library.Arch));
        TarWriter.WriteTarGz(debug,
        [
            TarEntrySource.Directory("lib"),
            TarEntrySource.File($"lib/{libraryName}.debug", library.DebugPath),
            TarEntrySource.Bytes("BUILDINFO", Encoding.UTF8.GetBytes(buildInfo)),
        ], fixedTime);
        return [package, debug];
    }
}

using OpenH264Build.Elf;
using OpenH264Build.Host;
namespace OpenH264Build.Compilation;

/// <summary>What Compile produced for one architecture, as laid out in the stage's cache folder.</summary>
public sealed record CompiledLibrary(TargetArch Arch, string Directory, string Key)
{
    /// <summary>What this pipeline compiled: the stripped library, its debug file and its public headers.</summary>
    public NativeBuildOutput Output => new(LibraryPath, DebugPath, HeadersDirectory);

    /// <summary>What <c>make install-shared</c> staged under <c>usr/</c>: lib/, include/wels/,
    /// lib/pkgconfig/.</summary>
    public string InstallRoot => Path.Combine(Directory, "usr");

    /// <summary>The stripped library with its full version, e.g. libopenh264.so.2.3.1.</summary>
    public string LibraryPath => System.IO.Directory.EnumerateFiles(Path.Combine(InstallRoot, "lib"))
        .Single(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f),
            @"^libopenh264\.so\.\d+\.\d+\.\d+$") && new FileInfo(f).LinkTarget is null);

    public string DebugPath => Path.Combine(Directory, "debug", Path.GetFileName(LibraryPath) + ".debug");
    public string HeadersDirectory => Path.Combine(InstallRoot, "include", "wels");
    public string PkgConfigPath => Path.Combine(InstallRoot, "lib", "pkgconfig", "openh264.pc");

    /// <summary>The compatibility harness built with the same toolchain, for this architecture.</summary>
    public string HarnessPath => Path.Combine(Directory, "harness", "h264harness");

    public string ToolchainDescription => File.ReadAllText(Path.Combine(Directory, "toolchain.txt")).Trim();
    public string Flags => File.ReadAllText(Path.Combine(Directory, "flags.txt")).Trim();
}

using OpenH264Build.Abi;
using OpenH264Build.Compilation;
using OpenH264Build.Elf;
using OpenH264Build.Host;

namespace OpenH264Build.DebianPackaging;

/// <summary>What the smoke package carries for one architecture: the decoder program, the stream, the
/// digests.</summary>
public sealed record SmokeContent(string ProgramPath, string StreamPath, IReadOnlyList<string> DigestLines);

/// <summary>
/// The two Debian packages of one architecture: <c>libopenh264-7</c>, laid out exactly as the distribution's
/// package it replaces (<c>/usr/lib/&lt;triplet&gt;/libopenh264.so.2.3.1</c> and the <c>.so.7</c> link, Multi-Arch:
/// same, the same shlibs, the ldconfig trigger), and <c>openh264-fleet-smoke</c>, which decodes a short stream on a
/// host so the rollout can compare every picture with what this build recorded.
/// </summary>
public static class FleetDebs
{
    public const string LibraryPackage = "libopenh264-7";
    public const string SmokePackage = "openh264-fleet-smoke";
    public const string Maintainer = "OpenH264 fleet packaging <openh264-fleet@localhost>";

    public static string Triplet(TargetArch arch) => arch == TargetArch.X86_64 ? "x86_64-linux-gnu"
        : "aarch64-linux-gnu";
    public static string FileName(string package, string version,
        TargetArch arch) => $"{package}_{version}_{arch.DebianName()}.deb";

    /// <summary>Where the smoke package puts its files on a host (arch-qualified, so both arches can be
    /// co-installed).</summary>
    public static string SmokeDirectory(TargetArch arch) => $"/usr/lib/{Triplet(arch)}/{SmokePackage}";

    public static async Task<string> BuildLibraryAsync(CompiledLibrary library, string version, string licenseFile,
        string scratch, string outputDirectory,
        DateTime fixedTime, CancellationToken ct)
    {
        var arch = library.Arch;
        var deb = new DebPackage(Path.Combine(scratch, $"{LibraryPackage}-{arch.Name()}"), fixedTime);
        var name = Path.GetFileName(library.LibraryPath);
        deb.AddFile($"usr/lib/{Triplet(arch)}/{name}", library.LibraryPath);
        deb.AddSymlink($"usr/lib/{Triplet(arch)}/libopenh264.so.7", name);
        AddDocs(deb, LibraryPackage, version, licenseFile);
        deb.AddControl("control", Control(LibraryPackage, version, arch, deb.InstalledSizeKiB(),
            $"libc6 (>= {GlibcFloor(library.LibraryPath)}), libgcc-s1 (>= 3.0), libstdc++6 (>= 5)", "libs",
            "OpenH264 Video Codec (patched drop-in build)",
            "OpenH264 is a codec library which supports H.264 encoding and decoding.\nThis build adds the site's " +
                "reviewed patch series to the distribution's 2.3.1.") +
            "Source: openh264\n");
        // The same shlibs line as the distribution's package: programs built against either depend alike.
        deb.AddControl("shlibs", "libopenh264 7 libopenh264-7 (>= 2.3.1+dfsg)\n");
        deb.AddControl("triggers", "activate-noawait ldconfig\n");
        return await deb.BuildAsync(Path.Combine(outputDirectory, FileName(LibraryPackage, version, arch)), ct);
    }

    public static async Task<string> BuildSmokeAsync(TargetArch arch, SmokeContent smoke, string version,
        string licenseFile, string scratch,
        string outputDirectory, DateTime fixedTime, CancellationToken ct)
    {
        var deb = new DebPackage(Path.Combine(scratch, $"{SmokePackage}-{arch.Name()}"), fixedTime);
        var folder = SmokeDirectory(arch).TrimStart('/');
        deb.AddFile($"{folder}/h264harness", await StrippedAsync(smoke.ProgramPath, arch, scratch, ct),
            executable: true);
        deb.AddFile($"{folder}/smoke.h264", smoke.StreamPath);
        deb.AddText($"{folder}/digests.txt", string.Concat(smoke.DigestLines.Select(l => l + "\n")));
        AddDocs(deb, SmokePackage, version, licenseFile);
        deb.AddControl("control", Control(SmokePackage, version, arch, deb.InstalledSizeKiB(), "libc6", "video",
            "decode check of the installed OpenH264 library",
            "Decodes a short H.264 stream with the installed libopenh264.so.7 and prints\none digest per picture, to " +
                "compare with the digests recorded when the\nlibrary was built."));
        return await deb.BuildAsync(Path.Combine(outputDirectory, FileName(SmokePackage, version, arch)), ct);
    }

    /// <summary>
    /// The harness without its symbols, as Debian ships programs (lintian's unstripped-binary-or-object): symbols do
    /// not change what it decodes, so the digests recorded with the unstripped program hold for the stripped one.
    /// </summary>
    private static async Task<string> StrippedAsync(string program, TargetArch arch, string scratch,
        CancellationToken ct)
    {
        var stripped = Path.Combine(scratch, $"h264harness-{arch.Name()}-stripped");
        var strip = arch == TargetArch.X86_64 ? "strip" : "aarch64-linux-gnu-strip";
        await Processes.HostProgram.RunAsync(strip, ["--strip-unneeded", "-o", stripped, program], new(), ct);
        return stripped;
    }

    private static string Control(string package, string version, TargetArch arch, long installedSize, string depends,
        string section,
        string synopsis, string description) =>
        $"Package: {package}\nVersion: {version}\nArchitecture: {arch.DebianName()}\nMulti-Arch: same\nMaintainer: " +
            $"{Maintainer}\n" +
        $"Installed-Size: {installedSize}\nDepends: {depends}\nSection: {section}\nPriority: optional\nHomepage: " +
            $"https://www.openh264.org\n" +
        $"Description: {synopsis}\n" + string.Concat(description.Split('\n').Select(l => $" {l}\n"));

    private static void AddDocs(DebPackage deb, string package, string version, string licenseFile)
    {
        deb.AddText($"usr/share/doc/{package}/copyright",
            "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: " +
                "openh264\nSource: https://github.com/cisco/openh264\n\n" +
            "Files: *\nCopyright: Cisco Systems, Inc.\nLicense: BSD-2-clause\n" +
            string.Concat(File.ReadAllLines(licenseFile).Select(l => l.Trim().Length == 0 ? " .\n" : $" {l}\n")));
        deb.AddGzipText($"usr/share/doc/{package}/changelog.Debian.gz",
            $"openh264 ({version}) bookworm; urgency=medium\n\n  * Rebuilt with the site's patch series (see the " +
                $"release's BUILDINFO).\n\n" +
            $" -- {Maintainer}  Thu, 01 Jan 1970 00:00:00 +0000\n");
    }

    /// <summary>The newest GLIBC_x.y version the library needs: the lower bound of its libc6 dependency.</summary>
    public static string GlibcFloor(string libraryPath) =>
        ElfInspector.Read(libraryPath).VersionNeeds
            .Where(n => n.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal))
            .Select(n => n.Version["GLIBC_".Length..])
            .OrderBy(v => System.Version.Parse(v))
            .LastOrDefault() ?? "2.17";
}

using OpenH264Build.Baselines;
using OpenH264Build.Abi;
using OpenH264Build.Elf;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Abi;

/// <summary>
/// The ABI check on the real OpenH264 library (Debian's libopenh264-7, which has no debug info, so abidiff
/// compares symbols): a rebuilt copy passes against the original on both arches, and a floor below what it
/// needs names the symbol.
/// </summary>
[Collection("Abi.Debian")]
public class DebianOpenH264Tests(DebianOpenH264 debian)
{
    private static Task<AbiReport> Check(TempFolder temp, TargetArch arch, BaselineLibrary baseline, string[] floors, NativeBuildOutput? candidate = null) =>
        AbiCheck.RunAsync(new AbiCheckRequest(arch, candidate ?? baseline.Library, baseline,
            new BinaryPolicyRules("libopenh264.so.7", arch, VersionFloor.Create(floors, ElfInspector.Read(baseline.Library.SharedLibrary))),
            null, temp.Sub("reports"), Path.Combine(temp.Path, "dist", $"openh264-linux-{arch.Name()}.abi.xml"), temp.Sub("work")));

    /// <summary>
    /// The real library with a harmless change to its bytes (one more non-loaded section, as a rebuild with other
    /// notes would give): another file with the same ABI, so a pass is a comparison, not a file compared with itself.
    /// </summary>
    private static async Task<NativeBuildOutput> RebuiltCopy(TempFolder temp, TargetArch arch, BaselineLibrary baseline)
    {
        var note = Path.Combine(temp.Sub("note"), "note.txt");
        await File.WriteAllTextAsync(note, "rebuilt for the test");
        var copy = Path.Combine(temp.Sub("candidate"), "libopenh264.so.7");
        var objcopy = arch == TargetArch.Aarch64 ? "aarch64-linux-gnu-objcopy" : "objcopy";
        var result = await CliWrap.Cli.Wrap(objcopy).WithArguments(["--add-section", $".note.test={note}", baseline.Library.SharedLibrary, copy])
            .WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync();
        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual(Util.Sha256.OfFile(baseline.Library.SharedLibrary), Util.Sha256.OfFile(copy));
        return new NativeBuildOutput(copy);
    }

    [Fact]
    public async Task The_real_x86_64_library_rebuilt_passes_against_the_original_and_its_abi_dump_is_written()
    {
        using var temp = new TempFolder();
        var report = await Check(temp, TargetArch.X86_64, debian.X86_64, [], await RebuiltCopy(temp, TargetArch.X86_64, debian.X86_64));
        Assert.Equal("pass", report.Verdict);
        Assert.Equal("debian", report.BaselineSource);
        Assert.Contains("libopenh264-7:amd64", report.Baseline);
        var dump = await File.ReadAllTextAsync(Path.Combine(temp.Path, "dist", "openh264-linux-x86_64.abi.xml"));
        Assert.Contains("WelsCreateDecoder", dump);
        Assert.DoesNotContain(temp.Path, dump);
        Assert.DoesNotContain(temp.Path, await File.ReadAllTextAsync(Path.Combine(temp.Path, "reports", "abi-x86_64.json")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "reports", "abi-x86_64.md")));
    }

    [Fact]
    public async Task The_real_aarch64_library_rebuilt_passes_against_the_original_including_the_cortex_a72_scan()
    {
        using var temp = new TempFolder();
        var report = await Check(temp, TargetArch.Aarch64, debian.Aarch64, [], await RebuiltCopy(temp, TargetArch.Aarch64, debian.Aarch64));
        Assert.Equal("pass", report.Verdict);
        Assert.Empty(Aarch64InstructionScan.Scan(debian.Aarch64.Library.SharedLibrary));
    }

    [Fact]
    public async Task The_real_library_fails_a_bullseye_glibc_floor_and_names_the_symbol()
    {
        using var temp = new TempFolder();
        var report = await Check(temp, TargetArch.X86_64, debian.X86_64, ["GLIBC_2.31"]);
        Assert.Equal("fail", report.Verdict);
        Assert.All(report.Errors, e => Assert.Equal("version-floor", e.Check));
        Assert.Contains(report.Errors, e => e.Subject.EndsWith("@GLIBC_2.34") && !e.Subject.StartsWith('('));
    }

    [Fact]
    public async Task Comparing_the_two_arches_fails_on_the_machine()
    {
        using var temp = new TempFolder();
        var report = await AbiCheck.RunAsync(new AbiCheckRequest(TargetArch.X86_64, debian.Aarch64.Library, debian.X86_64,
            new BinaryPolicyRules("libopenh264.so.7", TargetArch.X86_64, VersionFloor.Create([], null)),
            null, temp.Sub("reports"), null, temp.Sub("work")));
        Assert.Contains(report.Errors, e => e.Check == "machine");
        Assert.Contains(report.Errors, e => e.Check == "architecture");
    }
}

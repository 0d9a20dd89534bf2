using OpenH264Build.Baselines;
using OpenH264Build.Abi;
using OpenH264Build.Elf;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Abi;

/// <summary>
/// The aarch64 path: fixtures cross-compiled with aarch64-linux-gnu-gcc, read as foreign ELF by ELFSharp and
/// libabigail, and the Cortex-A72 (armv8-a + NEON, nothing newer) check on flags and instructions.
/// </summary>
public class Aarch64TargetTests
{
    private const string Atomics = "\nint fx_counter;\nint FxCount(int v) { return __atomic_fetch_add(&fx_counter, v, __ATOMIC_SEQ_CST); }\n";

    private static async Task<AbiReport> Check(TempFolder temp, NativeBuildOutput baseline, NativeBuildOutput candidate)
    {
        var request = new AbiCheckRequest(TargetArch.Aarch64, candidate,
            new BaselineLibrary(BaselineSource.Path, "fixture baseline", baseline),
            new BinaryPolicyRules("libfx.so.1", TargetArch.Aarch64, VersionFloor.Create([], ElfInspector.Read(baseline.SharedLibrary))),
            null, temp.Sub("reports"), Path.Combine(temp.Path, "dist", "fx.abi.xml"), temp.Sub("work"));
        return await AbiCheck.RunAsync(request);
    }

    [Fact]
    public async Task A_cortex_a72_build_passes_and_its_flags_are_reported()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"), arch: TargetArch.Aarch64, extraFlags: ["-mcpu=cortex-a72"]);
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"), source: FixtureLibrary.Source + Atomics, arch: TargetArch.Aarch64, extraFlags: ["-mcpu=cortex-a72"]);

        var report = await Check(temp, before, after);

        Assert.Equal("pass", report.Verdict);
        Assert.Contains(report.Findings, f => f.Check == "target-cpu" && f.Severity == FindingSeverity.Info && f.Message.Contains("-mcpu=cortex-a72"));
        Assert.Contains(report.Findings, f => f.Severity == FindingSeverity.Note && f.Subject == "FxCount");
    }

    [Fact]
    public async Task A_public_struct_change_is_seen_in_a_foreign_aarch64_library()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"), arch: TargetArch.Aarch64);
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"), arch: TargetArch.Aarch64,
            header: FixtureLibrary.Header.Replace("int iThreadCount;", "short iThreadCount;"));

        var report = await Check(temp, before, after);

        Assert.Equal("fail", report.Verdict);
        Assert.Contains(report.Errors, f => f.Subject.Contains("SDecodingParam"));
    }

    [Fact]
    public async Task Armv8_1_atomics_fail_on_flags_and_on_the_instructions_themselves()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"), arch: TargetArch.Aarch64);
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"), source: FixtureLibrary.Source + Atomics, arch: TargetArch.Aarch64, extraFlags: ["-march=armv8.1-a"]);

        var report = await Check(temp, before, after);

        Assert.Equal("fail", report.Verdict);
        Assert.Contains(report.Errors, f => f.Subject == "-march=armv8.1-a");
        Assert.Contains(report.Errors, f => f.Subject.StartsWith("LSE atomics"));
    }

    [Fact]
    public void The_instruction_scan_finds_dot_product_but_not_the_outline_atomics_helpers()
    {
        using var temp = new TempFolder();
        var dot = FixtureLibrary.BuildAsync(temp.Sub("dot"), arch: TargetArch.Aarch64, extraFlags: ["-march=armv8.2-a+dotprod", "-O3"],
            source: FixtureLibrary.Source + "\n#include <arm_neon.h>\nint32x4_t FxDot(int32x4_t a, int8x16_t b, int8x16_t c) { return vdotq_s32(a, b, c); }\n").GetAwaiter().GetResult();
        // Plain armv8-a atomics call libgcc's helpers, which hold LSE code behind a run-time CPU check.
        var outline = FixtureLibrary.BuildAsync(temp.Sub("outline"), arch: TargetArch.Aarch64, source: FixtureLibrary.Source + Atomics).GetAwaiter().GetResult();

        Assert.Contains(Aarch64InstructionScan.Scan(dot.SharedLibrary, dot.DebugFile), h => h.Extension.StartsWith("dot product"));
        Assert.Empty(Aarch64InstructionScan.Scan(outline.SharedLibrary, outline.DebugFile));
    }
}

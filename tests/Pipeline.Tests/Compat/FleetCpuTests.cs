using OpenH264Build.Compat;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// aarch64 code runs emulated on the fleet's CPU model (FleetCpu: the Cortex-A72), not qemu's "max": a library that
/// runs one Armv8.2 instruction (FP16 arithmetic, which Abi's static scan does not look for) when a decoder is created
/// must fail Compat on aarch64, naming an illegal instruction on the Cortex-A72, and pass on x86_64.
/// </summary>
[Collection("Compat")]
public sealed class FleetCpuTests(CompatFixture fixture)
{
    private const int Armv82 = 9;

    private static readonly CorpusStream Short = new("cb-qcif-30", Oracle: "ffmpeg",
        X264: new X264Recipe(new LavfiSource("testsrc2", 176, 144, 30), Profile: "baseline", Keyint: 0));

    [Fact]
    public async Task An_Armv8_2_instruction_at_decoder_creation_fails_aarch64_on_the_Cortex_A72_and_passes_x86_64()
    {
        var aarch64 = await CheckAsync(TargetArch.Aarch64);
        var stream = Assert.Single(aarch64.Streams);
        Assert.Equal("fail", stream.Verdict);
        Assert.Contains("SIGILL", stream.CandidateEnding);
        Assert.Contains("illegal instruction on the Cortex-A72", stream.Message);

        var x86 = await CheckAsync(TargetArch.X86_64);
        Assert.Equal("pass", Assert.Single(x86.Streams).Verdict);
    }

    [Fact]
    public async Task Abi_static_instruction_scan_lets_the_fixture_through_on_purpose()
    {
        var library = await fixture.ShimAsync(TargetArch.Aarch64, Armv82, fromFrame: 0, mbColumn: 0);
        var code = await File.ReadAllBytesAsync(library);
        var fadd = BitConverter.ToString(BitConverter.GetBytes(0x1ee02800u)); // FADD h0, h0, h0
        Assert.Contains(fadd, BitConverter.ToString(code));
        Assert.Empty(OpenH264Build.Abi.Aarch64InstructionScan.Scan(library));
    }

    private async Task<CompatReport> CheckAsync(TargetArch arch)
    {
        var candidate = await fixture.ShimAsync(arch, Armv82, fromFrame: 0, mbColumn: 0);
        var reports = Path.Combine(fixture.Root, "reports", $"armv82-{arch.Name()}-{Guid.NewGuid().ToString("N")[..6]}");
        var run = new CompatRun(arch, fixture.Harness[arch], fixture.Library[arch], candidate, Path.Combine(reports, ".work"),
            reports, AcceptedDifferences.Empty, fixture.Sandbox, Companions: [fixture.Library[arch]]);
        var corpus = new CorpusGenerator(Path.Combine(fixture.Root, "corpus"), CompatFixture.RepositoryRoot);
        return await new CompatibilityChecker(run).RunAsync([Short], corpus);
    }
}

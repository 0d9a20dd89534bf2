using System.Text.RegularExpressions;
using OpenH264Build.Elf;
using OpenH264Build.Host;

namespace OpenH264Build.Abi;

/// <summary>
/// Does the library run on the fleet's CPUs? For aarch64: built for the Cortex-A72 (armv8-a) with NEON and
/// nothing newer. What is checked, and said in the report:
/// <list type="number">
/// <item>the -march/-mcpu of every compile unit GCC recorded in the debug info: armv8-a or an armv8.0 core,
/// only armv8.0 extensions (crc, crypto), NEON not turned off;</item>
/// <item>the code itself: no instruction of an armv8.1+ extension (see <see cref="Aarch64InstructionScan"/>);</item>
/// <item>the GNU property note: BTI/PAC marks are fine (hint instructions, no-ops on the A72) and only reported.</item>
/// </list>
/// On x86_64 only a host-specific build (-march=native) is refused.
/// </summary>
public static partial class TargetCpuCheck
{
    private static readonly HashSet<string> Armv80Cores = ["cortex-a72", "cortex-a53", "cortex-a57",
        "cortex-a72.cortex-a53", "cortex-a57.cortex-a53", "generic"];
    private static readonly HashSet<string> Armv80Extensions = ["simd", "fp", "crc", "crypto", "aes", "sha2"];

    [GeneratedRegex(@"(?:^|\s)-m(arch|cpu)=(\S+)")]
    private static partial Regex ArchFlag();

    public static IReadOnlyList<AbiFinding> Check(TargetArch arch, string library, string? debugFile)
    {
        var findings = new List<AbiFinding>();
        var producers = RecordedBuildFlags.Read(debugFile ?? library);
        if (producers.Count == 0)
            findings.Add(new AbiFinding(FindingSeverity.Info, "target-cpu", "build flags",
                "no compiler flags recorded (no debug info): the target CPU is checked from the code only"));

        var flags = producers.SelectMany(p => ArchFlag().Matches(p)).Select(m => (Kind: m.Groups[1].Value,
            Value: m.Groups[2].Value)).Distinct().ToList();
        foreach (var (kind, value) in flags) findings.AddRange(FlagFindings(arch, kind, value));
        if (arch == TargetArch.Aarch64 && producers.Any(p => p.Contains("-mgeneral-regs-only",
            StringComparison.Ordinal)))
            findings.Add(new AbiFinding(FindingSeverity.Error, "target-cpu", "-mgeneral-regs-only",
                "compiled with -mgeneral-regs-only: NEON is turned off"));
        if (arch == TargetArch.Aarch64) findings.AddRange(Aarch64Findings(library, debugFile, producers.Count, flags));
        return findings;
    }

    /// <summary>One recorded -march/-mcpu: never native; on aarch64 an armv8.0 base, armv8.0 extensions only, NEON
    /// on.</summary>
    private static IEnumerable<AbiFinding> FlagFindings(TargetArch arch, string kind, string value)
    {
        if (value == "native")
        {
            yield return new AbiFinding(FindingSeverity.Error,
                "target-cpu", $"-m{kind}=native", $"built with -m{kind}=native: tuned to the build host, not " +
                    $"to the fleet");
            yield break;
        }
        if (arch != TargetArch.Aarch64) yield break;
        var parts = value.Split('+');
        var baseOk = kind == "arch" ? parts[0] == "armv8-a" : Armv80Cores.Contains(parts[0]);
        var newer = parts.Skip(1).Where(e => !Armv80Extensions.Contains(e)
            && !e.StartsWith("no", StringComparison.Ordinal)).ToList();
        if (!baseOk || newer.Count > 0)
            yield return new AbiFinding(FindingSeverity.Error, "target-cpu", $"-m{kind}={value}",
                $"compiled with -m{kind}={value}: beyond the Cortex-A72 (armv8-a{(newer.Count > 0 ? "; extensions "
                    + string.Join(", ", newer) : "")})");
        if (parts.Skip(1).Any(e => e is "nosimd" or "nofp"))
            yield return new AbiFinding(FindingSeverity.Error,
                "target-cpu", $"-m{kind}={value}", $"compiled with -m{kind}={value}: NEON is turned off");
    }

    /// <summary>On aarch64: the flags seen, every armv8.1+ instruction in the code, and the BTI/PAC marks of the GNU
    /// property note.</summary>
    private static IEnumerable<AbiFinding> Aarch64Findings(string library, string? debugFile, int producers,
        List<(string Kind, string Value)> flags)
    {
        if (producers > 0)
            yield return new AbiFinding(FindingSeverity.Info, "target-cpu", "build flags",
                $"{producers} distinct compiler command lines recorded; target flags: {(flags.Count == 0
                    ? "none (the " +
                    "compiler default, armv8-a)" : string.Join(", ", flags.Select(f => $"-m{f.Kind}={f.Value}")))}");
        foreach (var hit in Aarch64InstructionScan.Scan(library, debugFile))
            yield return new AbiFinding(FindingSeverity.Error, "target-cpu", hit.Extension,
                $"{hit.Count} instruction(s) of {hit.Extension} ({hit.Example}), first at 0x{hit.Address:x}: SIGILL " +
                    $"on the Cortex-A72");
        var features = ElfInspector.Read(library).Aarch64FeatureBits;
        if (features is { } bits && bits != 0)
            yield return new AbiFinding(FindingSeverity.Info, "target-cpu", "GNU property",
                $"marked {string.Join("+", new[] { (bits & 1) != 0 ? "BTI" : null,
                    (bits & 2) != 0 ? "PAC" : null }.OfType<string>())}: hint instructions, no-ops on the Cortex-A72");
    }
}

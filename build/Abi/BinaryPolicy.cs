using OpenH264Build.Elf;
using OpenH264Build.Host;
namespace OpenH264Build.Abi;

/// <summary>What the fleet needs of the library file itself, whatever its source says.</summary>
public sealed record BinaryPolicyRules(string ExpectedSoname, TargetArch Arch, VersionFloor Floor,
    string SuiteHint = "bullseye");

/// <summary>
/// Checks what makes a .so load and behave on the fleet: SONAME, machine and class, exported symbols and
/// DT_NEEDED against the baseline, the highest GLIBC/GLIBCXX/CXXABI versions it needs against the floor, and
/// hardening (no executable stack, RELRO, no text relocations).
/// </summary>
public static class BinaryPolicy
{
    private const ushort EmX86_64 = 62, EmAarch64 = 183;

    public static IReadOnlyList<AbiFinding> Check(ElfFacts candidate, ElfFacts? baseline, BinaryPolicyRules rules)
    {
        var findings = new List<AbiFinding>();
        if (candidate.Soname != rules.ExpectedSoname)
            findings.Add(new(FindingSeverity.Error, "soname", candidate.Soname ?? "(none)",
                $"SONAME is '{candidate.Soname ?? "(none)"}', programs on the fleet load '{rules.ExpectedSoname}'"));

        var (machine, machineName) = rules.Arch == TargetArch.X86_64 ? (EmX86_64, "x86-64") : (EmAarch64, "AArch64");
        if (candidate.Machine != machine || !candidate.Is64Bit)
            findings.Add(new(FindingSeverity.Error, "machine", candidate.MachineName,
                $"ELF machine {candidate.MachineName} ({(candidate.Is64Bit ? 64 : 32)}-bit), {rules.Arch.Name()} " +
                    $"needs 64-bit {machineName}"));

        if (baseline is not null) CheckAgainstBaseline(candidate, baseline, findings);
        CheckVersionFloor(candidate, rules, findings);
        CheckHardening(candidate, findings);
        return findings;
    }

    /// <summary>Exports the baseline had and the candidate lost (errors) or gained (notes), and new DT_NEEDED
    /// libraries.</summary>
    private static void CheckAgainstBaseline(ElfFacts candidate, ElfFacts baseline, List<AbiFinding> findings)
    {
        var exported = candidate.Exports.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var symbol in baseline.Exports.Where(e => !exported.Contains(e.Name)).OrderBy(e => e.Name,
            StringComparer.Ordinal))
            findings.Add(new(FindingSeverity.Error, "removed-symbol", symbol.Name,
                $"exported {(symbol.IsFunction ? "function" : "symbol")} {symbol.Name} of the baseline is no " +
                    $"longer exported"));

        var before = baseline.Exports.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var symbol in candidate.Exports.Where(e => !before.Contains(e.Name)).OrderBy(e => e.Name,
            StringComparer.Ordinal))
            findings.Add(new(FindingSeverity.Note, "added-symbol",
                symbol.Name, $"new exported {(symbol.IsFunction ? "function" : "symbol")} {symbol.Name}"));

        foreach (var library in candidate.Needed.Except(baseline.Needed))
            findings.Add(new(FindingSeverity.Error, "new-needed", library,
                $"new DT_NEEDED {library}: the baseline did not need it, hosts may not have it"));
    }

    /// <summary>No executable stack, RELRO (full, with BIND_NOW, or a warning), no text relocations.</summary>
    private static void CheckHardening(ElfFacts candidate, List<AbiFinding> findings)
    {
        if (!candidate.HasGnuStack || candidate.ExecutableStack)
            findings.Add(new(FindingSeverity.Error, "hardening", "PT_GNU_STACK",
                candidate.HasGnuStack ? "the stack is executable (PT_GNU_STACK has X): an object lacks .note.GNU-stack"
                                      : "no PT_GNU_STACK: the loader makes the stack executable"));
        if (!candidate.HasRelro)
            findings.Add(new(FindingSeverity.Error, "hardening", "PT_GNU_RELRO",
                "no RELRO segment: link with -Wl,-z,relro"));
        else if (!candidate.BindNow)
            findings.Add(new(FindingSeverity.Warning, "hardening", "BIND_NOW",
                "partial RELRO only (no BIND_NOW): link with -Wl,-z,now for full RELRO"));
        if (candidate.TextRelocations)
            findings.Add(new(FindingSeverity.Error, "hardening", "DT_TEXTREL",
                "text relocations: an object was not built with -fPIC"));
    }

    /// <summary>Each imported symbol whose version is above the floor of its family fails, named with that
    /// version.</summary>
    private static void CheckVersionFloor(ElfFacts candidate, BinaryPolicyRules rules, List<AbiFinding> findings)
    {
        var referenced = new HashSet<(string, string)>();
        foreach (var import in candidate.VersionedImports)
        {
            referenced.Add((import.Library, import.Version));
            CheckOne(import.Symbol, import.Version, import.Library);
        }
        // A version need no symbol refers to still stops the loader on an older system.
        foreach (var (library, version) in candidate.VersionNeeds.Where(n => !referenced.Contains(n)))
            CheckOne($"(version need of {library})", version, library);

        void CheckOne(string symbol, string versionText, string library)
        {
            var version = SymbolVersion.TryParse(versionText);
            if (version is null || !SymbolVersion.FloorFamilies.Contains(version.Family)) return;
            var suiteFix = $"build on an older suite (--suite {rules.SuiteHint}) or avoid {symbol}";
            if (!rules.Floor.Floors.TryGetValue(version.Family, out var floor))
            {
                findings.Add(new AbiFinding(FindingSeverity.Error, "version-floor", $"{symbol}@{versionText}",
                    $"{symbol} needs {versionText} from {library}, but the floor has no {version.Family} at all (the " +
                        $"baseline needs none): {suiteFix}"));
                return;
            }
            if (version.CompareTo(floor) > 0)
                findings.Add(new AbiFinding(FindingSeverity.Error, "version-floor", $"{symbol}@{versionText}",
                    $"{symbol} needs {versionText} from {library}, newer than the floor {floor} " +
                        $"({rules.Floor.Origins[version.Family]}): {suiteFix}"));
        }
    }
}

using ELFSharp.ELF;
using ELFSharp.ELF.Sections;

namespace OpenH264Build.Abi;

/// <summary>An instruction of an extension the Cortex-A72 (armv8.0-a) lacks, found in the code.</summary>
public sealed record NewerInstruction(string Extension, string Example, ulong Address, int Count);

/// <summary>
/// Scans the executable sections of an AArch64 library for instruction encodings the Cortex-A72 does not have
/// (armv8.0-a with NEON): a SIGILL on the Pi 4 fleet. A64 instructions are fixed 32-bit words, so each word is
/// matched against the encoding masks of the armv8.1+ extensions GCC emits from plain C when allowed to:
/// LSE atomics (8.1), RCpc loads (8.3), dot product (8.2/8.4) and the SVE encoding space.
/// The outline-atomics helpers of libgcc (<c>__aarch64_*</c>) hold LSE instructions behind a run-time CPU
/// check; their address ranges, known from the symbol table of the debug file, are not counted.
/// </summary>
public static class Aarch64InstructionScan
{
    private static readonly (string Extension, string Example, uint Mask, uint Value)[] Patterns =
    [
        ("RCpc (armv8.3)", "LDAPR", 0x3FFFFC00, 0x38BFC000),
        ("LSE atomics (armv8.1)", "LDADD/SWP/LDSET…", 0x3F200C00, 0x38200000),
        ("LSE atomics (armv8.1)", "CAS", 0x3FA07C00, 0x08A07C00),
        ("dot product (armv8.2)", "SDOT/UDOT", 0x9FE0FC00, 0x0E809400),
        ("dot product (armv8.2)", "SDOT/UDOT (by element)", 0x9FC0F400, 0x0F80E000),
        ("SVE (armv8.2)", "SVE", 0x1E000000, 0x04000000),
    ];

    public static IReadOnlyList<NewerInstruction> Scan(string library, string? symbolSource = null)
    {
        var excluded = HelperRanges(symbolSource ?? library).Concat(symbolSource is null ? [] : HelperRanges(library))
            .ToList();
        var found = new Dictionary<string, NewerInstruction>();
        var elf = ELFReader.Load<ulong>(library);
        using (elf)
        {
            foreach (var section in elf.Sections.Where(s => (s.Flags & SectionFlags.Executable) != 0
                && s.Type == SectionType.ProgBits))
            {
                var data = section.GetContents();
                for (var offset = 0; offset + 4 <= data.Length; offset += 4)
                {
                    var word = BitConverter.ToUInt32(data, offset);
                    var address = section.LoadAddress + (ulong)offset;
                    foreach (var (extension, example, mask, value) in Patterns)
                    {
                        if ((word & mask) != value) continue;
                        if (excluded.Any(r => address >= r.Start && address < r.End)) break;
                        found[extension] = found.TryGetValue(extension, out var seen)
                            ? seen with { Count = seen.Count + 1 }
                            : new NewerInstruction(extension, example, address, 1);
                        break;
                    }
                }
            }
        }
        return found.Values.OrderBy(f => f.Address).ToList();
    }

    private static IEnumerable<(ulong Start, ulong End)> HelperRanges(string file)
    {
        if (!File.Exists(file) || !ELFReader.TryLoad<ulong>(file, out var elf)) return [];
        using (elf)
        {
            return elf.GetSections<SymbolTable<ulong>>()
                .SelectMany(t => t.Entries)
                .Where(s => s.Type == SymbolType.Function && s.Name.StartsWith("__aarch64_", StringComparison.Ordinal))
                .Select(s => (s.Value, s.Value + Math.Max(s.Size, 4)))
                .ToList();
        }
    }
}

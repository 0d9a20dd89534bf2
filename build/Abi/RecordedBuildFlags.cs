using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;

namespace OpenH264Build.Abi;

/// <summary>
/// The compiler command lines GCC records in each compile unit's <c>DW_AT_producer</c>
/// ("GNU C17 12.2.0 -mcpu=cortex-a72 -g -O2 -fPIC"). GCC writes that long string into <c>.debug_str</c>
/// (<c>DW_FORM_strp</c>), so the producers are read as the <c>.debug_str</c> strings that start with "GNU "
/// rather than by walking the whole DWARF tree. Compressed debug sections (<c>SHF_COMPRESSED</c>, zlib) are
/// inflated first.
/// </summary>
public static class RecordedBuildFlags
{
    private const ulong ShfCompressed = 0x800;

    public static IReadOnlyList<string> Read(string elfWithDebugInfo)
    {
        if (!ELFReader.TryLoad(elfWithDebugInfo, out var elf)) return [];
        using (elf)
        {
            var producers = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var section in elf.Sections.Where(s => s.Name is ".debug_str" or ".debug_info"
                && s.Type != SectionType.NoBits))
            {
                var bytes = Contents(elf, section);
                foreach (var text in Encoding.UTF8.GetString(bytes).Split('\0'))
                    if (text.StartsWith("GNU C", StringComparison.Ordinal)
                        && text.Contains(" -", StringComparison.Ordinal))
                        producers.Add(text);
            }
            return producers.ToList();
        }
    }

    private static byte[] Contents(IELF elf, ISection section)
    {
        var data = section.GetContents();
        var flags = elf switch
        {
            ELF<ulong> e64 => e64.GetSection(section.Name).RawFlags,
            ELF<uint> e32 => e32.GetSection(section.Name).RawFlags,
            _ => 0UL
        };
        if ((flags & ShfCompressed) == 0) return data;
        // Elf_Chdr: ch_type (1 = zlib), then sizes; 24 bytes in 64-bit files, 12 in 32-bit ones.
        var headerSize = elf.Class == Class.Bit64 ? 24 : 12;
        if (data.Length < headerSize || BinaryPrimitives.ReadUInt32LittleEndian(data) != 1) return [];
        using var input = new ZLibStream(new MemoryStream(data, headerSize, data.Length - headerSize),
            CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}

using System.Buffers.Binary;
using System.Text;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using ELFSharp.ELF.Segments;
using OpenH264Build.Engine;

namespace OpenH264Build.Elf;

/// <summary>
/// Reads <see cref="ElfFacts"/> from a shared library with ELFSharp. ELFSharp gives the headers, segments,
/// dynamic entries, symbols and notes; it does not decode the GNU symbol-version sections, so those two small
/// tables (<c>.gnu.version_r</c>, <c>.gnu.version</c>) are decoded here from their section bytes.
/// </summary>
public static class ElfInspector
{
    public static ElfFacts Read(string path)
    {
        if (!File.Exists(path)) throw new BuildFailure($"ABI check: {path} does not exist");
        if (!ELFReader.TryLoad(path, out var elf))
            throw new BuildFailure($"ABI check: {path} is not an ELF file");
        using (elf)
        {
            return elf switch
            {
                ELF<ulong> e64 => Read(e64, path, is64: true),
                ELF<uint> e32 => Read(e32, path, is64: false),
                _ => throw new BuildFailure($"ABI check: {path}: unsupported ELF class")
            };
        }
    }

    private static ElfFacts Read<T>(ELF<T> elf, string path, bool is64) where T : struct
    {
        var little = elf.Endianess == ELFSharp.Endianess.LittleEndian;
        var dynstr = elf.TryGetSection(".dynstr", out var s) ? s as IStringTable : null;
        string? Str(ulong offset) => dynstr is null ? null : dynstr[(long)offset];

        var dynamic = ReadDynamic(elf, Str);
        var gnuStack = elf.Segments.FirstOrDefault(g => (uint)g.Type == PtGnuStack);
        var symbols = elf.TryGetSection(".dynsym", out var symSection) && symSection is SymbolTable<T> table
            ? table.Entries.ToList()
            : [];
        var (versionNeeds, versionIndex) = ReadVersionNeeds(elf, little, Str);
        var (aarch64Features, x86Needed) = ReadGnuProperties(elf, little, is64);
        return new ElfFacts(path, is64, (ushort)elf.Machine, elf.Machine.ToString())
        {
            Soname = dynamic.Soname, Needed = dynamic.Needed,
            Exports = Exports(symbols),
            VersionNeeds = versionNeeds,
            VersionedImports = ReadVersionedImports(elf, little,
                symbols.Select(x => (x.Name, Defined: x.PointedSectionIndex != 0)).ToList(), versionIndex),
            HasGnuStack = gnuStack is not null,
            ExecutableStack = gnuStack is not null && (gnuStack.Flags & SegmentFlags.Execute) != 0,
            HasRelro = elf.Segments.Any(g => (uint)g.Type == PtGnuRelro),
            BindNow = dynamic.BindNow, TextRelocations = dynamic.TextRelocations,
            DebugLink = ReadDebugLink(elf),
            HasDebugInfo = elf.Sections.Any(x => x.Name is ".debug_info" or ".zdebug_info"
                && x.Type != SectionType.NoBits),
            Aarch64FeatureBits = aarch64Features, X86IsaNeeded = x86Needed,
        };
    }

    private sealed record DynamicEntries(string? Soname, List<string> Needed, bool BindNow, bool TextRelocations);

    /// <summary><c>.dynamic</c>: the SONAME, the libraries needed, and whether binding is immediate or text is
    /// relocated.</summary>
    private static DynamicEntries ReadDynamic<T>(ELF<T> elf, Func<ulong, string?> str) where T : struct
    {
        string? soname = null;
        var needed = new List<string>();
        bool bindNow = false, textrel = false;
        if (!elf.TryGetSection(".dynamic", out var dynSection) || dynSection is not DynamicSection<T> dynamic)
            return new DynamicEntries(soname, needed, bindNow, textrel);
        foreach (var entry in dynamic.Entries)
        {
            var tag = (ulong)(long)Convert.ToInt64((object)entry.Tag);
            var value = Convert.ToUInt64(entry.Value);
            switch (tag)
            {
                case 1: if (str(value) is { } n) needed.Add(n); break;   // DT_NEEDED
                case 14: soname = str(value); break;                    // DT_SONAME
                case DtTextrel: textrel = true; break;
                case DtBindNow: bindNow = true; break;
                case DtFlags:
                    if ((value & DfBindNow) != 0) bindNow = true;
                    if ((value & DfTextrel) != 0) textrel = true;
                    break;
                case DtFlags1: if ((value & Df1Now) != 0) bindNow = true; break;
            }
        }
        return new DynamicEntries(soname, needed, bindNow, textrel);
    }

    /// <summary>The defined global or weak symbols of default or protected visibility, once each.</summary>
    private static List<ExportedSymbol> Exports<T>(IEnumerable<SymbolEntry<T>> symbols) where T : struct =>
        symbols
            .Where(x => x.Name.Length > 0 && x.PointedSectionIndex != 0
                        && x.Binding is SymbolBinding.Global or SymbolBinding.Weak
                        && x.Visibility is SymbolVisibility.Default or SymbolVisibility.Protected
                        && x.Type is not SymbolType.Section and not SymbolType.File)
            .Select(x => new ExportedSymbol(x.Name, x.Type == SymbolType.Function))
            .DistinctBy(x => x.Name)
            .ToList();

    private static string? ReadDebugLink<T>(ELF<T> elf) where T : struct
    {
        if (!elf.TryGetSection(".gnu_debuglink", out var link)) return null;
        var bytes = link.GetContents();
        var end = Array.IndexOf(bytes, (byte)0);
        return DebugLinkName(Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end));
    }

    private static uint U32(byte[] data, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at))
            : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));

    private static ushort U16(byte[] data, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at))
            : BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at));

    /// <summary>
    /// <c>.gnu.version_r</c>: a chain of Verneed records (one per library), each with a chain of Vernaux
    /// records (one per version). Both have the same 16-byte layout in 32- and 64-bit files.
    /// Returns the pairs and a map from the version index (<c>vna_other</c>) to the pair.
    /// </summary>
    private static (List<(string, string)> Needs, Dictionary<ushort, (string Library, string Version)> ByIndex)
        ReadVersionNeeds<T>(ELF<T> elf, bool little, Func<ulong, string?> str) where T : struct
    {
        var needs = new List<(string, string)>();
        var byIndex = new Dictionary<ushort, (string, string)>();
        if (!elf.TryGetSection(".gnu.version_r", out var section)) return (needs, byIndex);
        var data = section.GetContents();
        uint U32(int at) => ElfInspector.U32(data, at, little);
        ushort U16(int at) => ElfInspector.U16(data, at, little);

        var offset = 0;
        for (var guard = 0; offset + 16 <= data.Length && guard < 4096; guard++)
        {
            var count = U16(offset + 2);
            var library = str(U32(offset + 4)) ?? "?";
            var aux = offset + (int)U32(offset + 8);
            for (var i = 0; i < count && aux + 16 <= data.Length; i++)
            {
                var index = U16(aux + 6);
                var version = str(U32(aux + 8)) ?? "?";
                needs.Add((library, version));
                byIndex[(ushort)(index & 0x7fff)] = (library, version);
                var nextAux = U32(aux + 12);
                if (nextAux == 0) break;
                aux += (int)nextAux;
            }
            var next = U32(offset + 12);
            if (next == 0) break;
            offset += (int)next;
        }
        return (needs, byIndex);
    }

    /// <summary><c>.gnu.version</c> holds one 16-bit version index per dynamic symbol, in symbol-table order.</summary>
    private static List<VersionedImport> ReadVersionedImports<T>(ELF<T> elf, bool little,
        IReadOnlyList<(string Name, bool Defined)> symbols, Dictionary<ushort, (string Library,
            string Version)> byIndex) where T : struct
    {
        var result = new List<VersionedImport>();
        if (byIndex.Count == 0 || !elf.TryGetSection(".gnu.version", out var section)) return result;
        var data = section.GetContents();
        var count = Math.Min(symbols.Count, data.Length / 2);
        for (var i = 0; i < count; i++)
        {
            var raw = U16(data, i * 2, little);
            var index = (ushort)(raw & 0x7fff);
            if (symbols[i].Defined || !byIndex.TryGetValue(index, out var need)) continue;
            result.Add(new VersionedImport(symbols[i].Name, need.Version, need.Library));
        }
        return result;
    }

    /// <summary>
    /// <c>.note.gnu.property</c>: a GNU note whose description is a list of (type, size, data) properties,
    /// each padded to 8 bytes in 64-bit files (4 in 32-bit ones).
    /// </summary>
    private static (uint? Aarch64, uint? X86) ReadGnuProperties<T>(ELF<T> elf, bool little, bool is64) where T : struct
    {
        uint? aarch64 = null, x86 = null;
        if (!elf.TryGetSection(".note.gnu.property", out var section)
            || section is not NoteSection<T> note) return (null, null);
        if (note.NoteName != "GNU" || Convert.ToUInt64(note.NoteType) != NtGnuPropertyType0) return (null, null);
        var data = note.Description;
        var align = is64 ? 8 : 4;
        var offset = 0;
        while (offset + 8 <= data.Length)
        {
            var type = U32(data, offset, little);
            var size = (int)U32(data, offset + 4, little);
            if (size >= 4 && offset + 8 + 4 <= data.Length)
            {
                var value = U32(data, offset + 8, little);
                if (type == GnuPropertyAarch64Feature1And) aarch64 = value;
                if (type == GnuPropertyX86Isa1Needed) x86 = value;
            }
            offset += 8 + (size + align - 1) / align * align;
        }
        return (aarch64, x86);
    }

    /// <summary>
    /// <c>.gnu_debuglink</c> names a file beside the library, never a path: a library built from untrusted code
    /// could otherwise point the ABI check at any file of the machine. Anything else counts as no link.
    /// </summary>
    public static string? DebugLinkName(string name) =>
        name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0
            || name != Path.GetFileName(name) ? null : name;

    // The ELF numbers read above (elf.h): program header types, dynamic tags and flags, GNU property types.
    private const uint PtGnuStack = 0x6474e551;
    private const uint PtGnuRelro = 0x6474e552;
    private const ulong DtTextrel = 22, DtBindNow = 24, DtFlags = 30, DtFlags1 = 0x6ffffffb;
    private const ulong DfTextrel = 0x4, DfBindNow = 0x8, Df1Now = 0x1;
    private const uint NtGnuPropertyType0 = 5;
    private const uint GnuPropertyAarch64Feature1And = 0xc0000000;
    private const uint GnuPropertyX86Isa1Needed = 0xc0008002;
}

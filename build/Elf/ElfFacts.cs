namespace OpenH264Build.Elf;

/// <summary>A symbol the library imports with a version, e.g. <c>memcpy@GLIBC_2.14</c> from libc.so.6.</summary>
public sealed record VersionedImport(string Symbol, string Version, string Library);

/// <summary>A symbol the library defines and exports from its dynamic symbol table.</summary>
public sealed record ExportedSymbol(string Name, bool IsFunction);

/// <summary>
/// What the binary policy needs to know about one shared library, read from its ELF headers, program
/// headers, dynamic section, dynamic symbol table and GNU version sections. <see cref="Machine"/> is the ELF
/// e_machine number, <see cref="MachineName"/> what ELFSharp calls it.
/// </summary>
public sealed record ElfFacts(string Path, bool Is64Bit, ushort Machine, string MachineName)
{
    public string? Soname { get; init; }
    public IReadOnlyList<string> Needed { get; init; } = [];
    public IReadOnlyList<ExportedSymbol> Exports { get; init; } = [];

    /// <summary>Every (library, version) pair of <c>.gnu.version_r</c>, even one no symbol refers to.</summary>
    public IReadOnlyList<(string Library, string Version)> VersionNeeds { get; init; } = [];

    /// <summary>Which imported symbol needs which version, from <c>.gnu.version</c>.</summary>
    public IReadOnlyList<VersionedImport> VersionedImports { get; init; } = [];

    public bool HasGnuStack { get; init; }
    public bool ExecutableStack { get; init; }
    public bool HasRelro { get; init; }
    public bool BindNow { get; init; }
    public bool TextRelocations { get; init; }
    public string? DebugLink { get; init; }
    public bool HasDebugInfo { get; init; }

    /// <summary><c>GNU_PROPERTY_AARCH64_FEATURE_1_AND</c> bits (1 = BTI, 2 = PAC), when the note is there.</summary>
    public uint? Aarch64FeatureBits { get; init; }

    /// <summary><c>GNU_PROPERTY_X86_ISA_1_NEEDED</c> bits (1 = baseline, 2 = v2, 4 = v3, 8 = v4), when
    /// recorded.</summary>
    public uint? X86IsaNeeded { get; init; }
}

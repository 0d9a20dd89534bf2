using OpenH264Build.Abi;
using OpenH264Build.Elf;

namespace OpenH264Build.Tests.Abi;

/// <summary>ElfInspector on Debian's real libopenh264.so.7, for both arches.</summary>
[Collection("Abi.Debian")]
public class ElfInspectorTests(DebianOpenH264 debian)
{
    [Fact]
    public void Reads_soname_machine_needed_and_exports_of_the_x86_64_library()
    {
        var facts = ElfInspector.Read(debian.X86_64.Library.SharedLibrary);
        Assert.Equal("libopenh264.so.7", facts.Soname);
        Assert.True(facts.Is64Bit);
        Assert.Equal(62, facts.Machine);
        Assert.Contains("libc.so.6", facts.Needed);
        Assert.Contains("libstdc++.so.6", facts.Needed);
        Assert.Contains(facts.Exports, e => e.Name == "WelsCreateDecoder" && e.IsFunction);
        Assert.Contains(facts.Exports, e => e.Name == "WelsGetCodecVersion");
        Assert.DoesNotContain(facts.Exports, e => e.Name == "memcpy");
        Assert.False(facts.ExecutableStack);
        Assert.True(facts.HasGnuStack);
        Assert.True(facts.HasRelro);
        Assert.False(facts.TextRelocations);
        Assert.False(facts.HasDebugInfo);
    }

    [Fact]
    public void Maps_each_imported_symbol_to_the_version_it_needs()
    {
        var facts = ElfInspector.Read(debian.X86_64.Library.SharedLibrary);
        Assert.Contains(("libc.so.6", "GLIBC_2.2.5"), facts.VersionNeeds);
        Assert.Contains(facts.VersionedImports, i => i.Symbol == "memcpy" && i.Library == "libc.so.6" && i.Version == "GLIBC_2.14");
        Assert.All(facts.VersionedImports, i => Assert.Contains((i.Library, i.Version), facts.VersionNeeds));
    }

    [Fact]
    public void Reads_the_aarch64_library_as_a_foreign_elf()
    {
        var facts = ElfInspector.Read(debian.Aarch64.Library.SharedLibrary);
        Assert.Equal("libopenh264.so.7", facts.Soname);
        Assert.Equal(183, facts.Machine);
        Assert.True(facts.Is64Bit);
        Assert.Contains(facts.VersionedImports, i => i.Library == "libc.so.6" && i.Version.StartsWith("GLIBC_2.17"));
        // The public C API is the same on both arches (the assembly kernels differ: _sse2 against _neon).
        string[] api = ["WelsCreateSVCEncoder", "WelsDestroySVCEncoder", "WelsCreateDecoder", "WelsDestroyDecoder", "WelsGetCodecVersion", "WelsGetCodecVersionEx", "WelsGetDecoderCapability"];
        Assert.All(api, name => Assert.Contains(facts.Exports, e => e.Name == name && e.IsFunction));
    }
}

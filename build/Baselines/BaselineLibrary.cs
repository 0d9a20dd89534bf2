using OpenH264Build.Abi;
using OpenH264Build.Elf;

namespace OpenH264Build.Baselines;

/// <summary>Where the library to compare with comes from, in the order of preference of <see cref="Auto"/>.</summary>
public enum BaselineSource
{
    /// <summary>The previous release when one is given, else the unpatched upstream build.</summary>
    Auto,

    /// <summary>The previous release of this project: a tarball (path or URL) verified by its published
    /// checksum.</summary>
    Release,

    /// <summary>Unpatched upstream built by the same pipeline: isolates exactly what the patches change.</summary>
    Upstream,

    /// <summary>Debian's libopenh264-7 package for the arch: a real library built by someone else.</summary>
    Debian,

    /// <summary>Any .so given on the command line.</summary>
    Path,
}

/// <summary>
/// The library a candidate is compared with, and how it was found (the reports and the provenance say which): Abi
/// reads its ABI (with the debug file, headers and dump when there are some), Compat decodes with its .so.
/// </summary>
public sealed record BaselineLibrary(BaselineSource Source, string Description, NativeBuildOutput Library,
    string? AbiDump = null)
{
    /// <summary>The sha256 of the .so, as the reports bind their verdicts to it.</summary>
    public string Sha256 => Util.Sha256.OfFile(Library.SharedLibrary);

    /// <summary>What Compat's report calls it: where it comes from and the start of its digest.</summary>
    public string DescriptionWithDigest => $"{Description} (sha256 {Sha256[..12]})";
}

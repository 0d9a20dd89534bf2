namespace OpenH264Build.Abi;

/// <summary>Where the library to compare with comes from, in the order of preference.</summary>
public enum AbiBaselineSource
{
    /// <summary>The previous release when one is given, else the unpatched upstream build.</summary>
    Auto,

    /// <summary>The previous release of this project: a tarball (path or URL) verified by its published checksum.</summary>
    Release,

    /// <summary>Unpatched upstream built by the same pipeline: isolates exactly what the patches change.</summary>
    Upstream,

    /// <summary>Debian's libopenh264-7 package for the arch: a real library built by someone else.</summary>
    Debian,

    /// <summary>Any .so given on the command line.</summary>
    Path,
}

/// <summary>The library a candidate is compared with, and how it was found (the report says which).</summary>
public sealed record AbiBaseline(AbiBaselineSource Source, string Description, NativeBuildOutput Library, string? AbiDump = null);

using System.IO.Hashing;

namespace OpenH264Build.Compat;

/// <summary>
/// XXH64 (seed 0) of a plane's visible samples, its rows end to end. The native harness computes the very same digest
/// (h264harness.c), so pictures decoded by FFmpeg can be compared with the library's without raw dumps.
/// </summary>
public static class PlaneDigest
{
    /// <summary>Part of the key of every kept digest of pictures that is not keyed by the harness's bytes.</summary>
    public const string Name = "xxh64";

    public static ulong Of(ReadOnlySpan<byte> samples) => XxHash64.HashToUInt64(samples);
}

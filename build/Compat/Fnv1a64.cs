namespace OpenH264Build.Compat;

/// <summary>
/// FNV-1a 64 over a plane's visible samples, row by row. The native harness computes the very same digest
/// (h264harness.c), so pictures decoded by FFmpeg can be compared with the library's without raw dumps.
/// </summary>
public static class Fnv1a64
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        var hash = Offset;
        foreach (var b in data) { hash ^= b; hash *= Prime; }
        return hash;
    }
}

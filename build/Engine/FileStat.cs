using System.Runtime.InteropServices;

namespace OpenH264Build.Engine;

/// <summary>
/// What the kernel says about a file without reading it: size, inode, and the modification and change times in
/// nanoseconds. The change time (ctime) moves on every write and no program can set it back, so a file rewritten
/// with its old size and a restored modification time still shows as changed. Read with statx(2), whose record has
/// the same layout on every architecture; where the C library lacks it, .NET's size and modification time stand in.
/// </summary>
internal readonly record struct FileStat(long Size, long ModifiedNs, long ChangedNs, ulong Inode)
{
    const int AtCurrentDirectory = -100;
    const uint BasicStats = 0x7ff;
    const int RecordSize = 256;

    static bool statxMissing;

    /// <summary>The file's stat (through symbolic links), or null when there is no such file.</summary>
    public static FileStat? Of(string path)
    {
        if (!statxMissing)
        {
            try { return ViaStatx(path); }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { statxMissing = true; }
        }
        var info = new FileInfo(path);
        return info.Exists ? new FileStat(info.Length, info.LastWriteTimeUtc.Ticks * 100, 0, 0) : null;
    }

    static FileStat? ViaStatx(string path)
    {
        var record = new byte[RecordSize];
        if (statx(AtCurrentDirectory, path, 0, BasicStats, record) != 0) return null;
        var span = record.AsSpan();
        return new FileStat(
            Size: (long)MemoryMarshal.Read<ulong>(span[40..]),
            ModifiedNs: Nanoseconds(span[112..]),
            ChangedNs: Nanoseconds(span[96..]),
            Inode: MemoryMarshal.Read<ulong>(span[32..]));
    }

    /// <summary>A statx_timestamp: 64-bit seconds, then 32-bit nanoseconds.</summary>
    static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        MemoryMarshal.Read<long>(timestamp) * 1_000_000_000 + MemoryMarshal.Read<uint>(timestamp[8..]);

    /// <summary>
    /// The later of the two times: a file touched at or after a snapshot's time cannot be told apart by stat.
    /// </summary>
    public long LatestNs => Math.Max(ModifiedNs, ChangedNs);

    public override string ToString() => $"{Size}\t{ModifiedNs}\t{ChangedNs}\t{Inode}";

    public static FileStat Parse(string[] fields, int at) =>
        new(long.Parse(fields[at]), long.Parse(fields[at + 1]), long.Parse(fields[at + 2]),
            ulong.Parse(fields[at + 3]));

    [DllImport("libc", SetLastError = true)]
    static extern int statx(int dirfd, string pathname, int flags, uint mask, [Out] byte[] buffer);
}

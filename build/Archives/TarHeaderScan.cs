using System.Text;
using OpenH264Build.Engine;

namespace OpenH264Build.Archives;

/// <summary>
/// Reads every header of a tar, raw, before anything is extracted. SharpZipLib's reader passes over fifos and
/// devices without a word; a tar from a container must not hold them at all, so they are refused here by name.
/// </summary>
public static class TarHeaderScan
{
    private const int Block = 512;

    public static void EnsureOnlyAllowedTypes(Stream tar, TarLimits limits)
    {
        var header = new byte[Block];
        while (ReadBlock(tar, header) && header.Any(b => b != 0))
        {
            var type = (char)header[156];
            if (!Allowed(type, limits))
                throw new BuildFailure($"Refused tar entry '{Name(header)}' from {limits.What}: it is {Kind(type)}; " +
                                       "only regular files and folders are taken from a container");
            tar.Seek((Size(header) + Block - 1) / Block * Block, SeekOrigin.Current);
        }
    }

    // '0' and NUL: a file; '7': contiguous file; '5': folder; x, g, L, K: extended headers that describe the next entry.
    private static bool Allowed(char type, TarLimits limits) =>
        type is '0' or '\0' or '7' or '5' or 'x' or 'g' or 'L' or 'K' || (type == '2' && limits.SameFolderLinks);

    private static string Kind(char type) => type switch
    {
        '1' => "a hard link", '2' => "a symbolic link", '3' => "a character device", '4' => "a block device", '6' => "a fifo",
        _ => $"of type '{type}'",
    };

    /// <summary>The ustar name (prefix/name), enough to name the entry in a refusal.</summary>
    private static string Name(byte[] header)
    {
        static string Field(byte[] h, int at, int length) => Encoding.UTF8.GetString(h, at, length).Split('\0')[0];
        var prefix = Field(header, 345, 155);
        var name = Field(header, 0, 100);
        return prefix.Length > 0 ? prefix + "/" + name : name;
    }

    /// <summary>The size field: octal text, or big-endian base 256 when its first byte has the high bit set.</summary>
    private static long Size(byte[] header)
    {
        if ((header[124] & 0x80) != 0)
            return header.Skip(125).Take(11).Aggregate(0L, (size, b) => (size << 8) | b);
        var text = Encoding.ASCII.GetString(header, 124, 12).Trim('\0', ' ');
        return text.Length == 0 ? 0 : Convert.ToInt64(text, 8);
    }

    private static bool ReadBlock(Stream tar, byte[] block)
    {
        var read = 0;
        while (read < Block && tar.Read(block, read, Block - read) is var n and > 0) read += n;
        return read == Block;
    }
}

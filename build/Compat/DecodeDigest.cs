using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace OpenH264Build.Compat;

/// <summary>
/// One sha256 for a whole decode (every picture's size and plane digests, in order): what the manifest and the
/// reviewed list of accepted differences record for a stream.
/// </summary>
public static class DecodeDigest
{
    // Optimized from its first call (no tiering): it hashes every picture of a short-lived build process.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Of(IEnumerable<FrameDigest> frames)
    {
        // The canonical lines are written into a buffer and hashed a buffer at a time: a soak stream's text is
        // megabytes, and a Compat run asks for the digest of each side of each stream.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[16 * 1024];
        var used = 0;
        foreach (var frame in frames)
        {
            if (used > buffer.Length - FrameDigest.MaxCanonicalLineBytes)
            {
                hash.AppendData(buffer[..used]);
                used = 0;
            }
            used += frame.WriteCanonicalLine(buffer[used..]);
        }
        hash.AppendData(buffer[..used]);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

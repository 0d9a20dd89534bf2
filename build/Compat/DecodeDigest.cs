using System.Security.Cryptography;
using System.Text;

namespace OpenH264Build.Compat;

/// <summary>
/// One sha256 for a whole decode (every picture's size and plane digests, in order): what the manifest and the
/// reviewed list of accepted differences record for a stream.
/// </summary>
public static class DecodeDigest
{
    public static string Of(IEnumerable<FrameDigest> frames)
    {
        // Line by line: a soak stream's text is megabytes, and the digest is asked for several times per stream.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var frame in frames) hash.AppendData(Encoding.ASCII.GetBytes(frame.Canonical + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

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
        var text = string.Concat(frames.Select(f => f.Canonical + "\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text)));
    }

    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

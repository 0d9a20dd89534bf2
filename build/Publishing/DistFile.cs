using System.Security.Cryptography;

namespace OpenH264Build.Publishing;

/// <summary>One file of the dist as it will be uploaded: its asset name, size and sha256.</summary>
public sealed record DistFile(string Name, string Path, long Size, string Sha256)
{
    public static DistFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new DistFile(System.IO.Path.GetFileName(path), path, new FileInfo(path).Length, sha);
    }
}

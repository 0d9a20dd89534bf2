using System.Security.Cryptography;
using System.Text;

namespace OpenH264Build.Util;

/// <summary>sha256 as lower-case hex: of files, of text, and of a sequence of labelled parts (stage cache
/// keys).</summary>
public static class Sha256
{
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// A content-addressed key: the digest of named parts. Names are part of the key, so moving a value from one
    /// part to another changes it.
    /// </summary>
    public static string OfParts(params (string Name, string Value)[] parts) =>
        OfText(string.Join("\n", parts.Select(p => $"{p.Name}={p.Value.Length}:{p.Value}")));

    /// <summary>The digest of a folder's files (relative paths and contents), for recipes kept as folders.</summary>
    public static string OfDirectory(string directory) =>
        OfParts(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(rel => (rel, OfFile(Path.Combine(directory, rel))))
            .ToArray());
}

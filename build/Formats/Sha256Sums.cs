using System.Security.Cryptography;
using System.Text;

namespace OpenH264Build.Formats;

/// <summary>One line of a SHA256SUMS file: a file's name relative to the folder and its sha256 in lower-case
/// hex.</summary>
public sealed record FileDigest(string Name, string Sha256);

/// <summary>
/// The <c>sha256sum</c> format, so that <c>sha256sum -c SHA256SUMS</c> checks a release with no part of this
/// project: "&lt;hex&gt;  &lt;name&gt;" per line, names relative with '/', sorted so the file is the same on every
/// machine.
/// </summary>
public static class Sha256Sums
{
    public const string FileName = "SHA256SUMS";

    public static string Format(IEnumerable<FileDigest> digests)
    {
        var text = new StringBuilder();
        foreach (var d in digests.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            // sha256sum escapes these with a leading backslash; a release has no reason to contain them.
            if (d.Name.IndexOfAny(['\n', '\r', '\\']) >= 0)
                throw new SigningFailure(
                    $"cannot list a file whose name has a newline or backslash: {d.Name.ReplaceLineEndings(" ")}");
            text.Append(d.Sha256).Append("  ").Append(d.Name).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Reads lines in either of sha256sum's modes ("hex  name" or "hex *name").</summary>
    public static IReadOnlyList<FileDigest> Parse(string text, string source)
    {
        var result = new List<FileDigest>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.Length < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')
                || !IsHex(line.AsSpan(0, 64)))
                throw new VerificationFailure($"{source} line {lineNumber}: not a sha256sum line", source);
            result.Add(new FileDigest(line[66..], line[..64].ToLowerInvariant()));
        }
        return result;
    }

    /// <summary>Every file under <paramref name="folder"/> (names relative, with '/'), except those named in <paramref
    /// name="except"/>.</summary>
    public static IReadOnlyList<string> ListFiles(string folder, IEnumerable<string>? except = null)
    {
        var excluded = new HashSet<string>(except ?? [], StringComparer.Ordinal);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(n => !excluded.Contains(n))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    public static string Digest(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static IReadOnlyList<FileDigest> Compute(string folder, IEnumerable<string> names) =>
        names.Select(n => new FileDigest(n, Digest(Path.Combine(folder, n)))).ToList();

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }
}

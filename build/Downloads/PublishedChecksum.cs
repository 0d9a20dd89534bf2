using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OpenH264Build.Engine;

namespace OpenH264Build.Downloads;

/// <summary>
/// The sha256 a release publishes for its tarball: given directly as 64 hex digits, or as a SHA256SUMS file
/// (path or URL, in <c>sha256sum</c> format) that lists the tarball by file name.
/// </summary>
public static partial class PublishedChecksum
{
    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Hex();

    public static async Task<string> ResolveAsync(string checksum, string fileName, string workDirectory,
        CancellationToken cancellationToken = default)
    {
        if (Hex().IsMatch(checksum.Trim())) return checksum.Trim().ToLowerInvariant();
        var sums = await RemoteFile.GetAsync(checksum, workDirectory, cancellationToken);
        foreach (var line in await File.ReadAllLinesAsync(sums, cancellationToken))
        {
            var parts = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1].TrimStart('*').Trim() == fileName && Hex().IsMatch(parts[0]))
                return parts[0].ToLowerInvariant();
        }
        throw new BuildFailure($"the checksum file {Path.GetFileName(sums)} does not list {fileName}");
    }

    public static void Verify(string file, string expectedSha256)
    {
        using var stream = File.OpenRead(file);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual != expectedSha256)
            throw new BuildFailure(
                $"{Path.GetFileName(file)}: sha256 is {actual}, the release publishes {expectedSha256}");
    }
}

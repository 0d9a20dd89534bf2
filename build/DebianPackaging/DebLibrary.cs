using System.Security.Cryptography;
using CliWrap;
using ICSharpCode.SharpZipLib.Tar;
using OpenH264Build.Archives;
using OpenH264Build.Processes;

namespace OpenH264Build.DebianPackaging;

/// <summary>
/// The library a <c>libopenh264-7</c> package installs: the file its <c>libopenh264.so.7</c> link resolves to, by
/// sha256, and every member of its data archive (for the canonical-name check). Read with <c>dpkg-deb
/// --fsys-tarfile</c>, Debian's own reader, and never unpacked: the digest is of the bytes dpkg would install.
/// </summary>
/// <param name="Sha256">The library's sha256; null when the package has no <c>libopenh264.so.7</c> leading to a
/// file.</param>
/// <param name="Problem">Why the package could not be read at all, or null.</param>
public sealed record DebLibrary(string DebName, string? Sha256, IReadOnlyList<TarMember> Members,
    string? Problem = null)
{
    public static async Task<DebLibrary> ReadAsync(string debPath, CancellationToken ct)
    {
        var name = Path.GetFileName(debPath);
        using var data = new MemoryStream();
        var result = await HostProgram.RunAsync("dpkg-deb", ["--fsys-tarfile", debPath],
            new() { StandardOutput = PipeTarget.ToStream(data), AllowFailure = true }, ct);
        if (!result.Succeeded) return new DebLibrary(name,
            null, [], $"not a readable Debian package (dpkg-deb: {result.LastLine})");
        data.Position = 0;
        var (files, links, members) = ReadArchive(data);
        return new DebLibrary(name, Resolve(files, links), members);
    }

    private static (Dictionary<string, string> Files, Dictionary<string, string> Links,
        List<TarMember> Members) ReadArchive(Stream data)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = new List<TarMember>();
        using var tar = new TarInputStream(data, System.Text.Encoding.UTF8) { IsStreamOwner = false };
        while (tar.GetNextEntry() is { } entry)
        {
            var name = TarMemberNames.WithoutRoot(entry.Name);
            var type = entry.TarHeader.TypeFlag;
            members.Add(new TarMember(entry.Name,
                type is TarHeader.LF_SYMLINK or TarHeader.LF_LINK ? entry.TarHeader.LinkName : null,
                type == TarHeader.LF_LINK));
            if (type == TarHeader.LF_SYMLINK) links[name] = entry.TarHeader.LinkName;
            else if (!entry.IsDirectory && Path.GetFileName(name).StartsWith("libopenh264.so",
                StringComparison.Ordinal))
            {
                using var content = new MemoryStream();
                tar.CopyEntryContents(content);
                files[name] = Convert.ToHexStringLower(SHA256.HashData(content.ToArray()));
            }
        }
        return (files, links, members);
    }

    /// <summary>Follows the package's <c>libopenh264.so.7</c> through links in its own folder to the file it
    /// names.</summary>
    private static string? Resolve(Dictionary<string, string> files, Dictionary<string, string> links)
    {
        var name = links.Keys.Concat(files.Keys).FirstOrDefault(n => Path.GetFileName(n) == "libopenh264.so.7");
        for (var hops = 0; name is not null && hops < 8; hops++)
        {
            if (files.TryGetValue(name, out var digest)) return digest;
            if (!links.TryGetValue(name, out var target) || target.Contains('/')) return null;
            name = Path.GetDirectoryName(name)!.Replace('\\', '/') + "/" + target;
        }
        return null;
    }
}

using ICSharpCode.SharpZipLib.Tar;
using OpenH264Build.Engine;

namespace OpenH264Build.Archives;

/// <summary>
/// Unpacks a tar stream (SharpZipLib) into a folder and refuses, before writing anything of it, every entry that
/// would land outside that folder: absolute names, <c>..</c> components, links whose target leaves the folder,
/// hard links, devices and fifos. Archives come from containers and downloads, so none of them is trusted.
/// </summary>
public static class SafeTarExtractor
{
    public static int Extract(Stream tarStream, string targetDirectory, string? stripPrefix = null)
    {
        var root = Path.GetFullPath(targetDirectory);
        Directory.CreateDirectory(root);
        var count = 0;
        using var tar = new TarInputStream(tarStream, System.Text.Encoding.UTF8) { IsStreamOwner = false };
        var directoryTimes = new List<(string Path, DateTime Time)>();
        while (tar.GetNextEntry() is { } entry)
        {
            var name = entry.Name.Replace('\\', '/');
            if (stripPrefix is not null)
            {
                if (!name.StartsWith(stripPrefix, StringComparison.Ordinal)) throw Unsafe(entry.Name, $"is outside the expected top folder '{stripPrefix}'");
                name = name[stripPrefix.Length..];
            }
            name = name.TrimStart('.').Length == 0 ? "" : name;
            if (name.StartsWith("./")) name = name[2..];
            if (name.Length == 0 || name == "/") continue;

            var destination = Resolve(root, name, entry.Name);
            var type = entry.TarHeader.TypeFlag;
            switch (type)
            {
                case TarHeader.LF_DIR:
                    Directory.CreateDirectory(destination);
                    directoryTimes.Add((destination, entry.ModTime));
                    break;
                case TarHeader.LF_SYMLINK:
                    var linkTarget = entry.TarHeader.LinkName;
                    var resolved = Path.IsPathRooted(linkTarget) ? linkTarget : Path.Combine(Path.GetDirectoryName(destination)!, linkTarget);
                    if (Path.IsPathRooted(linkTarget) || !IsInside(root, Path.GetFullPath(resolved)))
                        throw Unsafe(entry.Name, $"is a link to '{linkTarget}', outside the target folder");
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    if (File.Exists(destination) || Directory.Exists(destination)) File.Delete(destination);
                    File.CreateSymbolicLink(destination, linkTarget);
                    break;
                case TarHeader.LF_NORMAL or TarHeader.LF_OLDNORM or TarHeader.LF_CONTIG:
                    EnsureNoLinkOnTheWay(root, destination, entry.Name);
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    using (var file = File.Create(destination))
                        tar.CopyEntryContents(file);
                    if (!OperatingSystem.IsWindows())
                        File.SetUnixFileMode(destination, (UnixFileMode)(entry.TarHeader.Mode & 0b111_111_111));
                    File.SetLastWriteTimeUtc(destination, entry.ModTime);
                    break;
                default:
                    throw Unsafe(entry.Name, $"has type '{(char)type}' (hard links, devices and fifos are not accepted)");
            }
            count++;
        }
        foreach (var (path, time) in directoryTimes) Directory.SetLastWriteTimeUtc(path, time);
        return count;
    }

    private static string Resolve(string root, string name, string original)
    {
        if (name.StartsWith('/') || Path.IsPathRooted(name))
            throw Unsafe(original, "has an absolute name");
        if (name.Split('/').Any(part => part == ".."))
            throw Unsafe(original, "climbs out with '..'");
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!IsInside(root, full)) throw Unsafe(original, "resolves outside the target folder");
        return full;
    }

    /// <summary>A file written through a link planted by an earlier entry could land anywhere: refuse it.</summary>
    private static void EnsureNoLinkOnTheWay(string root, string destination, string original)
    {
        for (var dir = Path.GetDirectoryName(destination); dir is not null && dir.Length > root.Length; dir = Path.GetDirectoryName(dir))
            if (new DirectoryInfo(dir).LinkTarget is not null)
                throw Unsafe(original, "would be written through a symbolic link");
        if (new FileInfo(destination).LinkTarget is not null)
            throw Unsafe(original, "would overwrite a symbolic link");
    }

    private static bool IsInside(string root, string path) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static BuildFailure Unsafe(string name, string why) => new($"Refused tar entry '{name}': it {why}");
}

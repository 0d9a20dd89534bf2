using ICSharpCode.SharpZipLib.Tar;
using OpenH264Build.Engine;

namespace OpenH264Build.Archives;

/// <summary>
/// Unpacks a tar stream (SharpZipLib) into a folder and refuses, before writing anything of it, every entry that
/// would land outside that folder: absolute names, <c>..</c> components, any entry beneath a link (a link never
/// carries later entries elsewhere), links whose target leaves the folder, also through a chain of links
/// (<c>a -&gt; .</c>, <c>a/up -&gt; ..</c>), hard links, devices and fifos. Archives come from containers and
/// downloads, so none of them is trusted.
/// </summary>
public static class SafeTarExtractor
{
    /// <param name="limits">For a tar from a container: links only as these allow (<see
    /// cref="ContainerTarReader"/>).</param>
    public static int Extract(Stream tarStream, string targetDirectory, string? stripPrefix = null,
        TarLimits? limits = null)
    {
        var root = Path.GetFullPath(targetDirectory);
        Directory.CreateDirectory(root);
        var count = 0;
        using var tar = new TarInputStream(tarStream, System.Text.Encoding.UTF8) { IsStreamOwner = false };
        var directoryTimes = new List<(string Path, DateTime Time)>();
        var links = new List<(string Path, string Name)>();
        while (tar.GetNextEntry() is { } entry)
        {
            var name = RelativeName(entry.Name, stripPrefix);
            if (name.Length == 0 || name == "/") continue;

            var destination = Resolve(root, name, entry.Name);
            EnsureNoLinkOnTheWay(root, destination, entry.Name);
            var type = entry.TarHeader.TypeFlag;
            switch (type)
            {
                case TarHeader.LF_DIR:
                    Directory.CreateDirectory(destination);
                    directoryTimes.Add((destination, entry.ModTime));
                    break;
                case TarHeader.LF_SYMLINK:
                    WriteLink(root, entry, destination, limits);
                    links.Add((destination, entry.Name));
                    break;
                case TarHeader.LF_NORMAL or TarHeader.LF_OLDNORM or TarHeader.LF_CONTIG:
                    WriteFile(tar, entry, destination);
                    break;
                default:
                    throw Unsafe(
                        entry.Name, $"has type '{(char)type}' (hard links, devices and fifos are not accepted)");
            }
            count++;
        }
        foreach (var (path, time) in directoryTimes) Directory.SetLastWriteTimeUtc(path, time);
        EnsureLinksStayInside(root, links);
        return count;
    }

    /// <summary>The entry's name below the expected top folder, without a leading <c>./</c>; empty for the folder
    /// itself.</summary>
    private static string RelativeName(string entryName, string? stripPrefix)
    {
        var name = entryName.Replace('\\', '/');
        if (stripPrefix is not null)
        {
            if (!name.StartsWith(stripPrefix, StringComparison.Ordinal)) throw Unsafe(
                entryName, $"is outside the expected top folder '{stripPrefix}'");
            name = name[stripPrefix.Length..];
        }
        name = name.TrimStart('.').Length == 0 ? "" : name;
        return name.StartsWith("./") ? name[2..] : name;
    }

    /// <summary>A symbolic link whose target, read from where the link stands, stays inside the folder.</summary>
    private static void WriteLink(string root, TarEntry entry, string destination, TarLimits? limits)
    {
        if (limits is not null && !limits.AllowsLink(entry.TarHeader.LinkName))
            throw Unsafe(entry.Name, $"is a link to '{entry.TarHeader.LinkName}' from {limits.What}; {OnlyBeside}");
        var linkTarget = entry.TarHeader.LinkName;
        var resolved = Path.IsPathRooted(linkTarget) ? linkTarget : Path.Combine(Path.GetDirectoryName(destination)!,
            linkTarget);
        if (Path.IsPathRooted(linkTarget) || !IsInside(root, Path.GetFullPath(resolved)))
            throw Unsafe(entry.Name, $"is a link to '{linkTarget}', outside the target folder");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        if (File.Exists(destination) || Directory.Exists(destination)) File.Delete(destination);
        File.CreateSymbolicLink(destination, linkTarget);
    }

    /// <summary>A regular file with its permission bits and time; never written over a link.</summary>
    private static void WriteFile(TarInputStream tar, TarEntry entry, string destination)
    {
        if (new FileInfo(destination).LinkTarget is not null) throw Unsafe(entry.Name,
            "would overwrite a symbolic link");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        using (var file = File.Create(destination))
            tar.CopyEntryContents(file);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(destination, (UnixFileMode)(entry.TarHeader.Mode & 0b111_111_111));
        File.SetLastWriteTimeUtc(destination, entry.ModTime);
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

    /// <summary>An entry written through a link planted by an earlier entry could land anywhere: refuse it.</summary>
    private static void EnsureNoLinkOnTheWay(string root, string destination, string original)
    {
        for (var dir = Path.GetDirectoryName(destination); dir is not null
            && dir.Length > root.Length; dir = Path.GetDirectoryName(dir))
            if (new DirectoryInfo(dir).LinkTarget is not null)
                throw Unsafe(original, "would be written through a symbolic link");
    }

    /// <summary>
    /// Once every link exists, each one is resolved as the kernel would, link by link: a chain that ends outside
    /// the folder is removed and refused, so no later reader can follow it out.
    /// </summary>
    private static void EnsureLinksStayInside(string root, IReadOnlyList<(string Path, string Name)> links)
    {
        var physicalRoot = PhysicalPath(root); // the folder itself may sit behind a link (a shared cache)
        var escaping = links.FirstOrDefault(l => !IsInside(physicalRoot, PhysicalPath(l.Path)));
        if (escaping.Path is null) return;
        foreach (var (path, _) in links) File.Delete(path);
        throw Unsafe(escaping.Name, "is a link that leads outside the target folder through other links");
    }

    /// <summary>The path with every link on it replaced by its target (at most 40 of them, as the kernel
    /// allows).</summary>
    private static string PhysicalPath(string path)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        for (var hops = 0; pending.TryPop(out var part);)
        {
            if (part == ".") continue;
            if (part == "..") { current = Path.GetDirectoryName(current) ?? "/"; continue; }
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null) { current = next; continue; }
            if (++hops > 40) return "/"; // a loop: treated as leaving the folder
            foreach (var step in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(step);
            if (target.StartsWith('/')) current = "/";
        }
        return current;
    }

    private static bool IsInside(string root, string path) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private const string OnlyBeside = "only a link to a file beside it is taken";

    private static BuildFailure Unsafe(string name, string why) => new($"Refused tar entry '{name}': it {why}");
}

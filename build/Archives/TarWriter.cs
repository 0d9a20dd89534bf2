using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

namespace OpenH264Build.Archives;

/// <summary>
/// Writes tar streams with SharpZipLib. With a fixed time, entries are sorted by name and owned by root with
/// that time, so the same inputs always give the same bytes (release tarballs, Docker build contexts).
/// </summary>
public static class TarWriter
{
    /// <summary>The time written into reproducible archives when no SOURCE_DATE_EPOCH is given: 2000-01-01.</summary>
    public static readonly DateTime DefaultEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <param name="ownerId">uid and gid of every entry: 0 (root) for release tarballs, the build user's for container
    /// inputs.</param>
    public static void Write(Stream output, IEnumerable<TarEntrySource> entries, DateTime? fixedTime = null,
        int ownerId = 0)
    {
        using var tar = new TarOutputStream(output, System.Text.Encoding.UTF8) { IsStreamOwner = false };
        var ordered = fixedTime is null ? entries : entries.OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var source in ordered)
        {
            var entry = Entry(source, fixedTime, ownerId);
            switch (source.Kind)
            {
                case TarEntryKind.Directory:
                    entry.TarHeader.TypeFlag = TarHeader.LF_DIR;
                    entry.Size = 0;
                    tar.PutNextEntry(entry);
                    break;
                case TarEntryKind.Symlink:
                    entry.TarHeader.TypeFlag = TarHeader.LF_SYMLINK;
                    entry.TarHeader.LinkName = source.LinkTarget!;
                    entry.Size = 0;
                    tar.PutNextEntry(entry);
                    break;
                default:
                    entry.TarHeader.TypeFlag = TarHeader.LF_NORMAL;
                    WriteContent(tar, entry, source);
                    break;
            }
            tar.CloseEntry();
        }
        tar.Finish();
    }

    /// <summary>The entry's name, mode, owner and time (the fixed one, else the source's).</summary>
    private static TarEntry Entry(TarEntrySource source, DateTime? fixedTime, int ownerId)
    {
        var entry = TarEntry.CreateTarEntry(source.Name + (source.Kind == TarEntryKind.Directory
            && !source.Name.EndsWith('/') ? "/" : ""));
        var header = entry.TarHeader;
        header.Mode = source.Mode;
        header.UserId = ownerId;
        header.GroupId = ownerId;
        header.UserName = ownerId == 0 ? "root" : "";
        header.GroupName = ownerId == 0 ? "root" : "";
        entry.ModTime = fixedTime ?? source.ModifiedTime
            ?? (source.SourcePath is not null ? System.IO.File.GetLastWriteTimeUtc(source.SourcePath)
                : DateTime.UtcNow);
        return entry;
    }

    /// <summary>A file's bytes: given in memory, or read from its source path.</summary>
    private static void WriteContent(TarOutputStream tar, TarEntry entry, TarEntrySource source)
    {
        if (source.Content is { } bytes)
        {
            entry.Size = bytes.Length;
            tar.PutNextEntry(entry);
            tar.Write(bytes, 0, bytes.Length);
            return;
        }
        using var file = System.IO.File.OpenRead(source.SourcePath!);
        entry.Size = file.Length;
        tar.PutNextEntry(entry);
        file.CopyTo(tar);
    }

    /// <summary>A reproducible .tar.gz: sorted entries, fixed times and owners, and a gzip header without a time or
    /// name.</summary>
    public static void WriteTarGz(string path, IEnumerable<TarEntrySource> entries, DateTime fixedTime)
    {
        using var file = System.IO.File.Create(path);
        using var gzip = new GZipOutputStream(file) { IsStreamOwner = false, ModifiedTime = fixedTime };
        gzip.SetLevel(9);
        Write(gzip, entries, fixedTime);
        gzip.Finish();
    }

    /// <summary>Every file, folder and link below a folder, named relative to it under a prefix.</summary>
    public static IEnumerable<TarEntrySource> EntriesOf(string directory, string prefix = "")
    {
        foreach (var path in System.IO.Directory.EnumerateFileSystemEntries(directory, "*",
            new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Order(StringComparer.Ordinal))
        {
            var name = prefix + Path.GetRelativePath(directory, path).Replace('\\', '/');
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
                yield return TarEntrySource.Symlink(name, info.LinkTarget);
            else if (System.IO.Directory.Exists(path))
                yield return TarEntrySource.Directory(name) with { ModifiedTime = System.IO.Directory
                    .GetLastWriteTimeUtc(path) };
            else
                yield return new TarEntrySource(name, TarEntryKind.File, (int)System.IO.File.GetUnixFileMode(path),
                    SourcePath: path);
        }
    }
}

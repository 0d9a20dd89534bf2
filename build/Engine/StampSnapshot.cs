using System.Security.Cryptography;

namespace OpenH264Build.Engine;

/// <summary>One file of a snapshot: its stat, and its sha256 unless its root is checked by stat only.</summary>
internal sealed record StampedFile(string Path, FileStat Stat, string? Sha256);

/// <summary>
/// The files of one <see cref="StampRoot"/> at one moment. Checking it again is cheap: a file whose stat is unchanged
/// is taken as unchanged, except when its stat was at or after the snapshot (a write in the same clock tick looks
/// alike); any other file must prove its content by its digest. A file added or removed is a change.
/// </summary>
internal sealed record StampSnapshot(StampRoot Root, long TakenNs, IReadOnlyList<StampedFile> Files)
{
    /// <summary>How close to the snapshot a file's time must be for its stat alone not to be trusted.</summary>
    const long RacyWindowNs = 2_000_000_000;

    public static StampSnapshot Take(StampRoot root)
    {
        var taken = NowNs();
        var files = new List<StampedFile>();
        foreach (var path in root.Files())
        {
            if (FileStat.Of(path) is not { } stat) continue; // gone while walking: the next check sees it missing
            files.Add(new StampedFile(path, stat, root.StatOnly || Directory.Exists(path) ? null : DigestOf(path)));
        }
        return new StampSnapshot(root, taken, files);
    }

    /// <summary>The first difference between the snapshot and the files now, or null when there is none.</summary>
    public string? FirstChange()
    {
        var now = Root.Files();
        if (now.Count != Files.Count || !now.SequenceEqual(Files.Select(f => f.Path), StringComparer.Ordinal))
            return $"the files under {Root.Path} are not the same files";
        foreach (var file in Files)
            if (!Unchanged(file)) return $"{file.Path} changed";
        return null;
    }

    bool Unchanged(StampedFile file)
    {
        var stat = FileStat.Of(file.Path);
        if (stat is null) return false;
        if (stat == file.Stat && file.Stat.LatestNs < TakenNs - RacyWindowNs) return true;
        return file.Sha256 is not null && stat.Value.Size == file.Stat.Size && DigestOf(file.Path) == file.Sha256;
    }

    static string DigestOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}

namespace OpenH264Build.Engine;

/// <summary>
/// A file or folder a run's stamp covers (<see cref="RunStamp"/>): an input the run read, or an output it left.
/// Inputs are fingerprinted when the run starts, so a file edited while the run works shows as changed next time;
/// roots the run itself writes (its outputs, a key it makes) when it ends. Excluded names are matched at any depth
/// ("bin"), or from the root when they start with a slash ("/artifacts"); a leading "*" matches a suffix ("*.swp").
/// </summary>
public sealed record StampRoot(
    string Path, bool TakenAtEnd = false, bool StatOnly = false, IReadOnlyList<string>? Excluded = null)
{
    /// <summary>
    /// An input whose content is proved by its digest when its stat changed (a touch alone is no change).
    /// </summary>
    public static StampRoot Input(string path, params string[] excluded) => new(path, Excluded: excluded);

    /// <summary>What the run leaves behind: a changed or missing output makes the next run redo the work.</summary>
    public static StampRoot Output(string path) => new(path, TakenAtEnd: true);

    internal bool IsExcluded(string relativePath)
    {
        var name = System.IO.Path.GetFileName(relativePath);
        foreach (var pattern in Excluded ?? [])
        {
            if (pattern.StartsWith('/') ? relativePath == pattern[1..]
                : pattern.StartsWith('*') ? name.EndsWith(pattern[1..], StringComparison.Ordinal)
                : name == pattern)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Every file under the root (the root itself when it is a file), by absolute path, in ordinal order.
    /// </summary>
    internal IReadOnlyList<string> Files()
    {
        if (File.Exists(Path)) return [Path];
        var files = new List<string>();
        if (Directory.Exists(Path)) Walk(Path, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    void Walk(string directory, List<string> files)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (IsExcluded(System.IO.Path.GetRelativePath(Path, entry.FullName))) continue;
            // A linked folder is not entered (it may loop): its own stat stands for it.
            if (entry is DirectoryInfo && entry.LinkTarget is null) Walk(entry.FullName, files);
            else files.Add(entry.FullName);
        }
    }
}

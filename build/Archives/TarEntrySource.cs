namespace OpenH264Build.Archives;

/// <summary>One thing to put into a tar: a file (from disk or from bytes), a folder or a symbolic link.</summary>
public sealed record TarEntrySource(string Name, TarEntryKind Kind, int Mode, string? SourcePath = null,
    byte[]? Content = null, string? LinkTarget = null, DateTime? ModifiedTime = null)
{
    public static TarEntrySource File(string name, string sourcePath, int mode = 0b110_100_100) => new(name,
        TarEntryKind.File, mode, SourcePath: sourcePath);
    public static TarEntrySource Bytes(string name, byte[] content, int mode = 0b110_100_100) => new(name,
        TarEntryKind.File, mode, Content: content);
    public static TarEntrySource Directory(string name, int mode = 0b111_101_101) => new(name, TarEntryKind.Directory,
        mode);
    public static TarEntrySource Symlink(string name, string target) => new(name, TarEntryKind.Symlink, 0b111_111_111,
        LinkTarget: target);
}

public enum TarEntryKind { File, Directory, Symlink }

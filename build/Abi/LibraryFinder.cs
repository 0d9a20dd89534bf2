namespace OpenH264Build.Abi;

/// <summary>Finds the files of a library in an unpacked package or release tarball.</summary>
public static class LibraryFinder
{
    /// <summary>
    /// The real file of a shared library (<c>libopenh264.so.2.3.1</c>), not its SONAME or dev symlinks and
    /// not its split debug file.
    /// </summary>
    public static string? FindSharedLibrary(string root, string stem) =>
        Directory.EnumerateFiles(root, stem + "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".debug", StringComparison.Ordinal) && new FileInfo(f).LinkTarget is null)
            .Where(f => Path.GetFileName(f).StartsWith(stem + ".", StringComparison.Ordinal) || Path.GetFileName(f) == stem)
            .OrderByDescending(f => Path.GetFileName(f).Length)
            .FirstOrDefault();

    /// <summary>The split debug file: the name the library's <c>.gnu_debuglink</c> asks for, else <c>&lt;library&gt;.debug</c>.</summary>
    public static string? FindDebugFile(string root, string library, string? debugLink, bool searchSubfolders = true)
    {
        foreach (var name in new[] { debugLink, Path.GetFileName(library) + ".debug" })
        {
            if (string.IsNullOrEmpty(name)) continue;
            var next = Path.Combine(Path.GetDirectoryName(library)!, name);
            if (File.Exists(next)) return next;
            if (!searchSubfolders) continue;
            var found = Directory.EnumerateFiles(root, name, SearchOption.AllDirectories).FirstOrDefault();
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>The public headers folder: <c>include/wels</c> when present, else the folder of a named header.</summary>
    public static string? FindHeadersDirectory(string root, string headerName = "codec_api.h") =>
        Directory.EnumerateDirectories(root, "wels", SearchOption.AllDirectories).FirstOrDefault(d => Path.GetFileName(Path.GetDirectoryName(d)) == "include")
        ?? Directory.EnumerateFiles(root, headerName, SearchOption.AllDirectories).Select(Path.GetDirectoryName).FirstOrDefault();

    public static string? FindAbiDump(string root) =>
        Directory.EnumerateFiles(root, "*.abi.xml", SearchOption.AllDirectories).FirstOrDefault();
}

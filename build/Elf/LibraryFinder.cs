namespace OpenH264Build.Elf;

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
            .Where(f => Path.GetFileName(f).StartsWith(stem + ".", StringComparison.Ordinal)
                || Path.GetFileName(f) == stem)
            .OrderByDescending(f => Path.GetFileName(f).Length)
            .FirstOrDefault();

    /// <summary>Any real <c>lib*.so*</c> file (a release of another library, as in tests), longest name
    /// first.</summary>
    public static string? FindAnySharedLibrary(string root) =>
        Directory.EnumerateFiles(root, "lib*.so*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".debug", StringComparison.Ordinal) && new FileInfo(f).LinkTarget is null)
            .OrderByDescending(f => Path.GetFileName(f).Length)
            .FirstOrDefault();

    /// <summary>The split debug file: the name the library's <c>.gnu_debuglink</c> asks for, else
    /// <c>&lt;library&gt;.debug</c>.</summary>
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

    /// <summary>The public headers folder: <c>include/wels</c>, else the first folder under an <c>include</c> that
    /// holds headers.</summary>
    public static string? FindHeadersDirectory(string root)
    {
        var underInclude = Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(Path.GetDirectoryName(d)) == "include"
                && Directory.EnumerateFiles(d, "*.h").Any())
            .ToList();
        return underInclude.FirstOrDefault(d => Path.GetFileName(d) == "wels") ?? underInclude.FirstOrDefault();
    }

    public static string? FindAbiDump(string root) =>
        Directory.EnumerateFiles(root, "*.abi.xml", SearchOption.AllDirectories).FirstOrDefault();
}

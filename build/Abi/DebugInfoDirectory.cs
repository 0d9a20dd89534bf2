using OpenH264Build.Elf;
namespace OpenH264Build.Abi;

/// <summary>
/// libabigail finds a split debug file through the library's <c>.gnu_debuglink</c>, by that name, inside the
/// folder given with <c>--d1/--d2</c>. The debug file may sit anywhere under any name, so this makes a folder
/// holding a link to it under the name the library asks for.
/// </summary>
public static class DebugInfoDirectory
{
    public static string? Prepare(NativeBuildOutput library, ElfFacts facts, string workDirectory)
    {
        if (library.DebugFile is null) return null;
        var directory = Path.Combine(workDirectory, "debug-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var name = facts.DebugLink ?? Path.GetFileName(library.DebugFile);
        File.CreateSymbolicLink(Path.Combine(directory, name), Path.GetFullPath(library.DebugFile));
        return directory;
    }
}

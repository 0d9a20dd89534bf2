using System.Runtime.InteropServices;
using OpenH264Build.Engine;

namespace OpenH264Build.Pipeline;

/// <summary>
/// Puts a folder in the place of another in one step: Linux's <c>renameat2(RENAME_EXCHANGE)</c> swaps the two
/// names atomically, so at every instant the target name holds either the old folder or the new one, complete
/// (a kill -9 at any moment leaves one of them). The old folder ends up under the new one's former name.
/// </summary>
public static class FolderSwap
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint Exchange = 2;            // RENAME_EXCHANGE

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    /// <summary>Moves <paramref name="source"/> to <paramref name="target"/>; an existing target is swapped out and
    /// removed.</summary>
    public static void Replace(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (!Directory.Exists(target))
        {
            Directory.Move(source, target); // rename(2): atomic on its own
            return;
        }
        if (RenameAt2(CurrentDirectory, source, CurrentDirectory, target, Exchange) != 0)
            throw new BuildFailure($"could not swap {source} into {target} (errno {Marshal.GetLastPInvokeError()})");
        Directory.Delete(source, recursive: true); // now the previous target
    }
}

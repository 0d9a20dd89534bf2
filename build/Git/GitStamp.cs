using OpenH264Build.Engine;

namespace OpenH264Build.Git;

/// <summary>
/// The files of a git repository that say what a run's git facts are (the commit, the tags on it, whether the tree
/// is dirty), read without running git: HEAD, the branch it names, packed refs, the tags, and the index. A worktree's
/// own HEAD and index are in its git folder, its refs in the common one. The index is taken when the run ends: the
/// run's own "git status" may refresh it.
/// </summary>
public static class GitStamp
{
    public static IEnumerable<StampRoot> Roots(string repository)
    {
        if (GitFolder(repository) is not { } gitFolder) yield break;
        var common = File.Exists(Path.Combine(gitFolder, "commondir"))
            ? Path.GetFullPath(File.ReadAllText(Path.Combine(gitFolder, "commondir")).Trim(), gitFolder)
            : gitFolder;
        var head = Path.Combine(gitFolder, "HEAD");
        yield return StampRoot.Input(head);
        if (File.Exists(head) && File.ReadAllText(head).Trim() is var text && text.StartsWith("ref: "))
            yield return StampRoot.Input(Path.Combine(common, text[5..].Trim()));
        yield return StampRoot.Input(Path.Combine(common, "packed-refs"));
        yield return StampRoot.Input(Path.Combine(common, "refs", "tags"));
        yield return new StampRoot(Path.Combine(gitFolder, "index"), TakenAtEnd: true);
    }

    /// <summary>
    /// The .git folder, or the folder a .git file points to (a worktree, a submodule); null without git.
    /// </summary>
    static string? GitFolder(string repository)
    {
        var dotGit = Path.Combine(repository, ".git");
        if (Directory.Exists(dotGit)) return dotGit;
        if (!File.Exists(dotGit)) return null;
        var line = File.ReadAllText(dotGit).Trim();
        return line.StartsWith("gitdir:") ? Path.GetFullPath(line["gitdir:".Length..].Trim(), repository) : null;
    }
}

namespace OpenH264Build.Git;

/// <summary>What git says about the commit being built; all of it optional, since a tarball checkout has no
/// git.</summary>
public sealed record GitInfo(string? Commit, DateTimeOffset? CommitTime, IReadOnlyList<string> TagsAtHead, bool IsDirty)
{
    public static async Task<GitInfo> ReadAsync(string repository, CancellationToken ct)
    {
        var git = new GitClone(repository);
        if (!git.Exists) return new GitInfo(null, null, [], false);
        var commit = (await git.TryRun(ct, "rev-parse", "HEAD"))?.Trim();
        var time = (await git.TryRun(ct, "log", "-1",
            "--format=%ct"))?.Trim() is { Length: > 0 } t ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(t))
                : (DateTimeOffset?)null;
        var tags = await git.TagsAtHead(ct);
        var dirty = GitClone.Lines(await git.TryRun(ct, "status", "--porcelain", "--untracked-files=no")).Length > 0;
        return new GitInfo(commit, time, tags, dirty);
    }
}

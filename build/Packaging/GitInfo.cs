using OpenH264Build.Processes;

namespace OpenH264Build.Packaging;

/// <summary>What git says about the commit being built; all of it optional, since a tarball checkout has no git.</summary>
public sealed record GitInfo(string? Commit, DateTimeOffset? CommitTime, IReadOnlyList<string> TagsAtHead, bool IsDirty)
{
    public static async Task<GitInfo> ReadAsync(string repository, CancellationToken ct)
    {
        if (HostProgram.Which("git") is null || !Directory.Exists(Path.Combine(repository, ".git")) && !File.Exists(Path.Combine(repository, ".git")))
            return new GitInfo(null, null, [], false);
        async Task<string?> Git(params string[] args)
        {
            var r = await HostProgram.RunAsync("git", ["-C", repository, .. args], new() { AllowFailure = true }, ct);
            return r.ExitCode == 0 ? r.StandardOutput.Trim() : null;
        }
        var commit = await Git("rev-parse", "HEAD");
        var time = await Git("log", "-1", "--format=%ct") is { Length: > 0 } t ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(t)) : (DateTimeOffset?)null;
        var tags = (await Git("tag", "--points-at", "HEAD") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var dirty = (await Git("status", "--porcelain", "--untracked-files=no") ?? "").Length > 0;
        return new GitInfo(commit, time, tags, dirty);
    }
}

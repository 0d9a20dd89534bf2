using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Git;

/// <summary>
/// What git says about the clone a release is published from: it must be clean and checked out at the
/// release tag, so the published files are exactly what the tag names.
/// </summary>
public sealed class GitState(string repositoryDirectory)
{
    private readonly GitClone _git = new(repositoryDirectory);

    /// <summary>Refuses uncommitted or untracked changes, a missing tag, and a HEAD that is not the tagged
    /// commit.</summary>
    public async Task EnsureReleasable(string tag, CancellationToken cancellationToken = default)
    {
        var status = await _git.Run(cancellationToken, "status", "--porcelain");
        var changed = GitClone.Lines(status);
        if (changed.Length > 0)
            throw new BuildFailure($"the work tree is dirty ({changed.Length} changed or untracked path(s), e.g. " +
                $"'{changed[0].Trim()}'): commit or remove them before publishing");

        var head = await HeadCommit(cancellationToken);
        var tagged = await _git.TryRun(cancellationToken, "rev-parse", "--verify",
            "--quiet", $"refs/tags/{tag}^{{commit}}");
        if (tagged is null)
            throw new BuildFailure($"tag {tag} does not exist in this clone (push the tag, or fetch it with 'git " +
                $"fetch --tags')");
        if (!string.Equals(head, tagged.Trim(), StringComparison.Ordinal))
            throw new BuildFailure($"HEAD ({head[..12]}) is not the commit tagged {tag} ({tagged.Trim()[..12]}): " +
                $"check out the tag to publish it");
    }

    public async Task<string> HeadCommit(CancellationToken cancellationToken = default) =>
        (await _git.Run(cancellationToken, "rev-parse", "HEAD")).Trim();
}

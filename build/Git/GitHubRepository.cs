using OpenH264Build.Engine;

namespace OpenH264Build.Git;

/// <summary>A repository written <c>owner/name</c>, as <c>--repository</c> and GITHUB_REPOSITORY give it.</summary>
public sealed record GitHubRepository(string Owner, string Name)
{
    public override string ToString() => $"{Owner}/{Name}";

    public static GitHubRepository Parse(string? text, string what = "--repository")
    {
        var parts = (text ?? "").Trim().Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
            throw new BuildFailure($"{what} '{text}' is not owner/name (set --repository or GITHUB_REPOSITORY)");
        return new GitHubRepository(parts[0], parts[1]);
    }
}

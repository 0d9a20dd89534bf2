using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Git;

/// <summary>
/// One git clone and the one place the build runs git in it; <see cref="GitInfo"/> (what is built) and
/// <see cref="GitState"/> (whether it may be published) both ask through it.
/// </summary>
public sealed class GitClone(string repository)
{
    /// <summary>Whether git is installed and <c>repository</c> is a clone (a tarball checkout is not).</summary>
    public bool Exists => HostProgram.Which("git") is not null
        && (Directory.Exists(Path.Combine(repository, ".git")) || File.Exists(Path.Combine(repository, ".git")));

    /// <summary>What git printed, or null when it failed.</summary>
    public async Task<string?> TryRun(CancellationToken ct, params string[] args)
    {
        var r = await HostProgram.RunAsync("git", ["-C", repository, .. args], new() { AllowFailure = true }, ct);
        return r.ExitCode == 0 ? r.StandardOutput : null;
    }

    /// <summary>What git printed; a failure names the command and the clone.</summary>
    public async Task<string> Run(CancellationToken ct, params string[] args) =>
        await TryRun(ct, args)
        ?? throw new BuildFailure($"'git {string.Join(' ', args)}' failed in {repository}: is it a git clone?");

    /// <summary>The names of the tags that point at HEAD (none when git fails).</summary>
    public async Task<IReadOnlyList<string>> TagsAtHead(CancellationToken ct) =>
        Lines(await TryRun(ct, "tag", "--points-at", "HEAD"));

    public static string[] Lines(string? output) =>
        (output ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

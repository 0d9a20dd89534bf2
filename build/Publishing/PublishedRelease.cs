using OpenH264Build.Pipeline;

namespace OpenH264Build.Publishing;

/// <summary>Publish's result: the GitHub release (none on a dry run).</summary>
public sealed record PublishedRelease(Octokit.Release? Release) : IStageResult
{
    public static string Producer => "Publish";
}

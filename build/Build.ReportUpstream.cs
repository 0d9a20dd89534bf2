using OpenH264Build.Engine;
using OpenH264Build.Git;
using OpenH264Build.Publishing;

namespace OpenH264Build;

/// <summary>
/// ReportUpstream: a Compat reproducer bundle becomes an upstream issue, the bundle attached to a pre-release of our
/// own repository (see Stages/ReportUpstreamStage). The GitHub parameters are Publish's (Build.Publish.cs).
/// </summary>
partial class Build
{
    [Parameter("ReportUpstream: the reproducer bundle to report (artifacts/reports/repro/<arch>-<stream>, by Compat)",
        ReadBy = [nameof(ReportUpstream)])]
    readonly string? Repro;

    /// <summary>What ReportUpstreamStage sends; its preconditions, one line each: --repro, --repository, a token
    /// unless --dry-run.</summary>
    ReproForwardSettings ReproForwardSettings => new()
    {
        Bundle = Repro ?? throw new BuildFailure("ReportUpstream needs --repro <a folder of artifacts/reports/repro>"),
        Repository = GitHubRepository.Parse(Repository),
        Token = SecretParameters.Resolve(GithubToken),
        Endpoint = GitHubEndpoint.From(GithubApiUrl),
        UpstreamRepository = GitHubRepository.Parse(UpstreamRepository, "--upstream-repository"),
        UpstreamToken = SecretParameters.Resolve(UpstreamToken),
        UpstreamEndpoint = GitHubEndpoint.From(UpstreamApiUrl),
        DryRun = DryRun,
        ScratchDirectory = Path.Combine(Paths.Artifacts, ".work", "report-upstream"),
    };
}

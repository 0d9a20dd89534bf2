using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Git;
using OpenH264Build.Publishing;

namespace OpenH264Build;

/// <summary>The Publish target: the release tag's dist becomes a GitHub release (see Publishing/PublishRun).</summary>
partial class Build
{
    [Parameter("GitHub repository to publish to, owner/name (default: GITHUB_REPOSITORY)",
        EnvironmentVariable = "GITHUB_REPOSITORY",
        ReadBy = [nameof(Publish)])]
    readonly string? Repository;

    [Parameter("GitHub token that may write releases (default: GITHUB_TOKEN)", EnvironmentVariable = "GITHUB_TOKEN",
        ReadBy = [nameof(Publish)]), Secret]
    readonly string? GithubToken;

    [Parameter("GitHub Enterprise Server API address (default: github.com)",
        ReadBy = [nameof(Publish)])]
    readonly string? GithubApiUrl;

    [Parameter("Publish: replace release assets whose content differs from the dist",
        ReadBy = [nameof(Publish)])]
    readonly bool Replace;

    [Parameter("Publish: comment once on each upstream issue the patches fix, with a link to the release",
        ReadBy = [nameof(Publish)])]
    readonly bool NotifyUpstream;

    [Parameter("Publish: open an upstream issue for each patch marked 'Forwarded: no' and print the header change",
        ReadBy = [nameof(Publish)])]
    readonly bool ForwardUpstream;

    [Parameter("Upstream repository for --forward-upstream (default: cisco/openh264)",
        ReadBy = [nameof(Publish)])]
    readonly string UpstreamRepository = "cisco/openh264";

    [Parameter("Token for commenting and opening issues upstream (default: --github-token)",
        ReadBy = [nameof(Publish)]), Secret]
    readonly string? UpstreamToken;

    [Parameter("API address of the upstream's GitHub (default: github.com)",
        ReadBy = [nameof(Publish)])]
    readonly string? UpstreamApiUrl;

    PublishSettings PublishSettings => new()
        {
            RootDirectory = RootDirectory,
            DistDirectory = CurrentDist,
            PatchesDirectory = PatchesDirectory,
            PinnedUpstream = Context.Pin.Version,
            ReleasePublicKey = PublicKey,
            Version = Context.ReleaseTag,
            Repository = GitHubRepository.Parse(Repository),
            Token = SecretParameters.Resolve(GithubToken),
            Endpoint = GitHubEndpoint.From(GithubApiUrl),
            UpstreamEndpoint = GitHubEndpoint.From(UpstreamApiUrl),
            UpstreamToken = SecretParameters.Resolve(UpstreamToken),
            UpstreamRepository = GitHubRepository.Parse(UpstreamRepository, "--upstream-repository"),
            AptRepositoryDirectory = AptRepositoryDirectory,
            DryRun = DryRun,
            Replace = Replace,
            NotifyUpstream = NotifyUpstream,
            ForwardUpstream = ForwardUpstream,
        };
}

using OpenH264Build.Git;
using OpenH264Build.Versioning;

namespace OpenH264Build.Publishing;

/// <summary>Everything one Publish run needs, made explicit so a test can point it at its own folders and
/// server.</summary>
public sealed record PublishSettings
{
    public required string RootDirectory { get; init; }
    /// <summary>The signed dist; its ABI and compatibility reports (signed with it) give the verdicts in the
    /// notes.</summary>
    public required string DistDirectory { get; init; }
    public required string PatchesDirectory { get; init; }
    /// <summary>The upstream version native/source.json pins, as the run context read it: the release tag must be
    /// for it.</summary>
    public required string PinnedUpstream { get; init; }
    /// <summary>The release public key (native/release.pub or --public-key): the dist must verify with it, and only
    /// with it.</summary>
    public string? ReleasePublicKey { get; init; }
    /// <summary>The release tag being published, as the run context resolved it (--package-version, else the one
    /// release tag on HEAD).</summary>
    public required ReleaseTag Version { get; init; }
    public required GitHubRepository Repository { get; init; }
    public string? Token { get; init; }
    public GitHubEndpoint Endpoint { get; init; } = GitHubEndpoint.Public;
    public GitHubEndpoint UpstreamEndpoint { get; init; } = GitHubEndpoint.Public;
    public string? UpstreamToken { get; init; }
    public GitHubRepository UpstreamRepository { get; init; } = new("cisco", "openh264");
    /// <summary>The signed apt repository of this dist, published beside it as one tarball asset (none when
    /// null).</summary>
    public string? AptRepositoryDirectory { get; init; }
    public bool DryRun { get; init; }
    public bool Replace { get; init; }
    public bool NotifyUpstream { get; init; }
    public bool ForwardUpstream { get; init; }
    public RetrySettings Retry { get; init; } = new();
}

using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Git;
using OpenH264Build.Patching;
using OpenH264Build.Signing;
using OpenH264Build.Versioning;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>
/// The Publish target, in order: refuse what must not be released (dirty tree, HEAD not at the tag, a tag
/// for another upstream, a development version or signature), read the upstream issues, write the notes,
/// publish the release, then comment upstream and forward unsent patches when asked.
/// </summary>
public sealed class PublishRun(PublishSettings settings, ILogger log)
{
    public async Task<Octokit.Release?> Execute(CancellationToken cancellationToken = default)
    {
        var (version, commit, dist) = await RefuseWhatMustNotBeReleased(cancellationToken);
        var assets = AssetFiles(dist);
        var github = Connect();
        var patches = PatchSeries.Load(settings.PatchesDirectory);
        var links = UpstreamLinks(patches);
        var upstream = await ReadUpstream(links, github, cancellationToken);

        var notes = ReleaseNotes.Write(new ReleaseNotesInput(version, settings.Repository, settings.Endpoint, patches,
            upstream,
            dist.Verdicts, dist));
        var publisher = new ReleasePublisher(github.Client, github.Retry, log);
        var release = await publisher.Publish(new PublishRequest(settings.Repository, version, commit,
            ReleaseNotes.Name(version), notes,
            assets, settings.Replace, settings.DryRun), cancellationToken);

        if (settings.NotifyUpstream) await NotifyUpstream(version, release, patches, links, github, cancellationToken);
        if (settings.ForwardUpstream) await ForwardUnsentPatches(patches, github, cancellationToken);
        return release;
    }

    /// <summary>The clients of the release's repository and of upstream, retrying alike.</summary>
    private sealed record GitHubClients(GitHubRetry Retry, Octokit.IGitHubClient Client,
        Octokit.IGitHubClient Upstream);

    /// <summary>An upstream issue or pull request a patch names, by the address the patch gives.</summary>
    private sealed record NamedLink(string Url, UpstreamLink? Link);

    /// <summary>The version and commit being released, and their dist, once nothing about them forbids the
    /// release.</summary>
    private async Task<(ReleaseTag Version, string Commit,
        DistFolder Dist)> RefuseWhatMustNotBeReleased(CancellationToken cancellationToken)
    {
        var git = new GitState(settings.RootDirectory);
        var version = settings.Version;
        version.EnsureMatches(settings.PinnedUpstream);
        await git.EnsureReleasable(version.Tag, cancellationToken);
        var commit = await git.HeadCommit(cancellationToken);
        return (version, commit, await VerifySignedForThisRelease(version, commit, cancellationToken));
    }

    /// <summary>A dry run writes nothing and may go without a token; a real run without one is refused before GitHub is
    /// asked anything.</summary>
    private GitHubClients Connect()
    {
        if (string.IsNullOrEmpty(settings.Token) && !settings.DryRun)
            throw new BuildFailure("publishing needs a token: set --github-token or GITHUB_TOKEN");
        var retry = new GitHubRetry(log, settings.Retry);
        var client = settings.Endpoint.CreateClient(settings.Token);
        var upstreamClient = settings.UpstreamEndpoint.CreateClient(settings.UpstreamToken ?? settings.Token);
        return new GitHubClients(retry, client, upstreamClient);
    }

    /// <summary>Every upstream link a patch names (Bug, Forwarded, Origin, Applied-Upstream): each issue or pull
    /// request has a state to show.</summary>
    private static List<NamedLink> UpstreamLinks(IReadOnlyList<SeriesPatch> patches) =>
        patches.SelectMany(p => p.Links.Select(l => l.Url)).Distinct()
            .Select(b => new NamedLink(b, UpstreamLink.TryParse(b))).Where(x => x.Link is not null).ToList();

    /// <summary>The state of each linked issue or pull request; one that cannot be read has none.</summary>
    private async Task<Dictionary<string, UpstreamStatus>> ReadUpstream(List<NamedLink> links, GitHubClients github,
        CancellationToken cancellationToken)
    {
        var lookup = new UpstreamLookup(github.Upstream, github.Retry, log);
        var upstream = new Dictionary<string, UpstreamStatus>();
        foreach (var (url, link) in links)
        {
            if (await lookup.TryRead(link!, cancellationToken) is not { } status) continue;
            upstream[url] = status;
            log.Information("{Link}: {State}{Drop}", link!.Reference, status.State,
                status.CandidateToDrop ? $", released in {status.ReleasedIn}: the patch is a candidate to drop" : "");
        }
        return upstream;
    }

    /// <summary>One comment on each upstream issue or pull request, naming the patches of this release that cite
    /// it.</summary>
    private async Task NotifyUpstream(ReleaseTag version, Octokit.Release? release,
        IReadOnlyList<SeriesPatch> patches, List<NamedLink> links,
        GitHubClients github, CancellationToken cancellationToken)
    {
        var notifier = new UpstreamNotifier(github.Upstream, github.Retry, log);
        var releaseUrl = release?.HtmlUrl ?? settings.Endpoint.ReleaseUrl(settings.Repository.ToString(), version.Tag);
        foreach (var group in links.GroupBy(x => x.Link!.Reference))
        {
            var names = patches.Where(p => p.Header.Bugs.Any(b => group.Any(g => g.Url == b))).Select(p => p.Name);
            await notifier.Notify(group.First().Link!,
                UpstreamNotifier.Body(settings.Repository, version, releaseUrl, names), settings.Repository,
                    settings.DryRun, cancellationToken);
        }
    }

    /// <summary>Each patch whose header says Forwarded: no is offered upstream.</summary>
    private async Task ForwardUnsentPatches(IReadOnlyList<SeriesPatch> patches, GitHubClients github,
        CancellationToken cancellationToken)
    {
        var forwarder = new UpstreamForwarder(github.Upstream, github.Retry, log);
        foreach (var patch in patches.Where(p => string.Equals(p.Header.Forwarded, "no",
            StringComparison.OrdinalIgnoreCase)))
            await forwarder.Forward(patch, settings.UpstreamRepository,
                Path.GetRelativePath(settings.RootDirectory, patch.Path).Replace('\\', '/'), settings.DryRun,
                    cancellationToken);
    }

    /// <summary>
    /// The dist must be this release, signed by the release manager's key: everything in it verifies with the
    /// configured release public key (not a key that travels in the dist, which anyone can replace together with
    /// the signature), the signed trusted comment names this version and the tagged commit, so a dist built from
    /// another commit or for another version is never published under this tag, it is not a development key's, and
    /// the release policy holds (verdicts with the soak, every digest bound, canonical archives, the release repository
    /// key).
    /// </summary>
    private async Task<DistFolder> VerifySignedForThisRelease(ReleaseTag version, string commit,
        CancellationToken cancellationToken)
    {
        if (settings.ReleasePublicKey is null || !File.Exists(settings.ReleasePublicKey))
            throw new BuildFailure(
                "there is no release public key to check the dist with: commit native/release.pub (see Releasing in " +
                    "the README) or pass --public-key");
        var policy = new ReleasePolicy(new ReleaseRequest(DistUse.Publish)
        {
            Version = version.PackageVersion, Commit = commit, Tag = version.Tag,
                KeyFileName = Path.GetFileName(settings.ReleasePublicKey),
        }, log);
        await policy.CheckAsync(settings.DistDirectory, MinisignPublicKey.Load(settings.ReleasePublicKey),
            cancellationToken);
        return DistFolder.Open(settings.DistDirectory);
    }

    /// <summary>
    /// The dist's files and the apt repository's tarball. Release assets have flat names: two files of the same name
    /// in different folders cannot both be uploaded.
    /// </summary>
    private IReadOnlyList<DistFile> AssetFiles(DistFolder dist)
    {
        var assets = dist.Files.Select(f => f with { Name = Path.GetFileName(f.Name) }).ToList();
        if (AptRepositoryAsset.Make(settings.AptRepositoryDirectory) is { } apt) assets.Add(apt);
        var clash = assets.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new BuildFailure($"the dist has two files named {clash.Key}: release assets need unique names");
        return assets;
    }
}

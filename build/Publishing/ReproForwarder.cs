using Octokit;
using OpenH264Build.Engine;
using OpenH264Build.Git;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>What ReportUpstream needs; the GitHub parameters are Publish's own.</summary>
public sealed record ReproForwardSettings
{
    public required string Bundle { get; init; }
    public required GitHubRepository Repository { get; init; }
    public string? Token { get; init; }
    public GitHubEndpoint Endpoint { get; init; } = GitHubEndpoint.Public;
    public GitHubRepository UpstreamRepository { get; init; } = new("cisco", "openh264");
    public string? UpstreamToken { get; init; }
    public GitHubEndpoint UpstreamEndpoint { get; init; } = GitHubEndpoint.Public;
    public bool DryRun { get; init; }
    /// <summary>Where the bundle is packed before upload.</summary>
    public required string ScratchDirectory { get; init; }
    public RetrySettings Retry { get; init; } = new();
}

/// <summary>
/// Sends a Compat reproducer bundle upstream: the bundle (and the pictures ISSUE.md shows) become assets of a
/// pre-release of our own repository, then an upstream issue is opened with ISSUE.md as its body and the bundle's
/// link. Each step looks first (the pre-release by its tag, the assets by name, the issue by a hidden marker), so a
/// second run opens nothing twice. A dry run asks GitHub nothing and prints the issue it would open.
/// </summary>
public sealed class ReproForwarder(ReproForwardSettings settings, ILogger log)
{
    public static string Marker(ReproBundleArchive bundle) => $"<!-- openh264-build:repro {bundle.Tag} -->";

    /// <summary>Returns the issue's address (null in a dry run).</summary>
    public async Task<string?> Execute(CancellationToken ct = default)
    {
        var bundle = ReproBundleArchive.Load(settings.Bundle);
        var archive = bundle.Pack(settings.ScratchDirectory);
        var body = Body(bundle, archive);
        if (settings.DryRun)
        {
            log.Information("[dry-run] would create pre-release {Tag} in {Repository}: {Asset} ({Bytes} bytes){Images}",
                bundle.Tag, settings.Repository, bundle.AssetName, new FileInfo(archive).Length,
                string.Concat(bundle.Images.Select(i => ", " + AssetName(bundle, i))));
            log.Information("[dry-run] would open an issue in {Upstream} titled \"{Title}\" with this body:\n{Body}",
                settings.UpstreamRepository, bundle.Title, body);
            return null;
        }
        if (string.IsNullOrEmpty(settings.Token))
            throw new BuildFailure("ReportUpstream needs a token: set --github-token or GITHUB_TOKEN (or --dry-run)");
        var retry = new GitHubRetry(log, settings.Retry);
        var files = new[] { archive }.Concat(bundle.Images.Select(i => StagedImage(bundle, i))).ToList();
        var release = await new ReproPreRelease(settings.Endpoint.CreateClient(settings.Token), retry, log)
            .EnsureAsync(settings.Repository, bundle, files, ct);
        log.Information("The bundle is attached to {Release}", release.HtmlUrl);
        return await OpenIssueAsync(bundle, body, retry, ct);
    }

    /// <summary>ISSUE.md with its pictures pointing at the pre-release's assets, and the bundle's link.</summary>
    public string Body(ReproBundleArchive bundle, string archive)
    {
        var body = bundle.Images.Aggregate(bundle.Body, (text, image) => text.Replace(
            $"](images/{Path.GetFileName(image)})", $"]({Url(bundle, AssetName(bundle, image))})",
            StringComparison.Ordinal));
        return body + $"\n## Reproducer bundle\n\n[{bundle.AssetName}]({Url(bundle, bundle.AssetName)}) " +
               $"(sha256 `{Util.Sha256.OfFile(archive)}`): unpack it, install the packages its README names, " +
               $"and run `./reproduce.sh`.\n\n{Marker(bundle)}\n";
    }

    private string Url(ReproBundleArchive bundle, string asset) =>
        settings.Endpoint.AssetDownloadUrl(settings.Repository.ToString(), bundle.Tag, asset);

    private static string AssetName(ReproBundleArchive bundle, string image) =>
        $"{bundle.Name}-{Path.GetFileName(image)}";

    /// <summary>The picture under its asset name (asset names are flat and must not collide between bundles).</summary>
    private string StagedImage(ReproBundleArchive bundle, string image)
    {
        var staged = Path.Combine(settings.ScratchDirectory, AssetName(bundle, image));
        File.Copy(image, staged, true);
        return staged;
    }

    private async Task<string> OpenIssueAsync(ReproBundleArchive bundle, string body, GitHubRetry retry,
        CancellationToken ct)
    {
        var client = settings.UpstreamEndpoint.CreateClient(settings.UpstreamToken ?? settings.Token);
        var upstream = settings.UpstreamRepository;
        var user = await retry.Run("read the token's user", _ => client.User.Current(), ct);
        var mine = await retry.Run($"list our issues in {upstream}", _ => client.Issue.GetAllForRepository(
            upstream.Owner, upstream.Name,
            new RepositoryIssueRequest { Creator = user.Login, State = ItemStateFilter.All },
            new ApiOptions { PageSize = 100 }), ct);
        var marker = Marker(bundle);
        if (mine.FirstOrDefault(i => i.Body?.Contains(marker, StringComparison.Ordinal) == true) is { } existing)
        {
            log.Information("{Bundle}: already reported upstream as {Url}", bundle.Name, existing.HtmlUrl);
            return existing.HtmlUrl;
        }
        var issue = await retry.Run($"open an issue in {upstream}",
            _ => client.Issue.Create(upstream.Owner, upstream.Name, new NewIssue(bundle.Title) { Body = body }), ct);
        log.Information("{Bundle}: reported upstream as {Url}", bundle.Name, issue.HtmlUrl);
        return issue.HtmlUrl;
    }
}

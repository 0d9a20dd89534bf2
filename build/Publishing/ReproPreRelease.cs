using OpenH264Build.Git;
using Octokit;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>
/// The pre-release of our own repository that carries a reproducer bundle: found by its tag or created (never
/// "latest", never a draft, so its asset links work for anyone), then each file uploaded unless an asset of its
/// name is there already.
/// </summary>
public sealed class ReproPreRelease(IGitHubClient client, GitHubRetry retry, ILogger log)
{
    public async Task<Release> EnsureAsync(GitHubRepository repository, ReproBundleArchive bundle,
        IReadOnlyList<string> files, CancellationToken ct)
    {
        var releases = await retry.Run($"list the releases of {repository}", _ =>
            client.Repository.Release.GetAll(repository.Owner, repository.Name, new ApiOptions { PageSize = 100 }), ct);
        var release = releases.FirstOrDefault(r => r.TagName == bundle.Tag)
            ?? await retry.Run($"create pre-release {bundle.Tag}", _ =>
                client.Repository.Release.Create(repository.Owner, repository.Name, new NewRelease(bundle.Tag)
                {
                    Name = $"Reproducer: {bundle.Title}",
                    Body = $"A reproducer bundle of a decoding difference, reported upstream.\n\n{bundle.Title}",
                    Prerelease = true, Draft = false, MakeLatest = MakeLatestQualifier.False,
                }), ct);
        var assets = await retry.Run($"list the assets of {bundle.Tag}", _ =>
            client.Repository.Release.GetAllAssets(repository.Owner, repository.Name, release.Id), ct);
        foreach (var file in files.Where(f => assets.All(a => a.Name != Path.GetFileName(f))))
        {
            log.Information("Uploading {Asset} to {Tag}", Path.GetFileName(file), bundle.Tag);
            await retry.Run($"upload {Path.GetFileName(file)}", async _ =>
            {
                await using var stream = File.OpenRead(file);
                var upload = new ReleaseAssetUpload(Path.GetFileName(file), "application/octet-stream", stream,
                    TimeSpan.FromMinutes(10));
                return await client.Repository.Release.UploadAsset(release, upload, ct);
            }, ct);
        }
        return release;
    }
}

using System.Net;
using System.Security.Cryptography;
using Octokit;
using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Git;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>
/// Makes a release's assets equal to the dist, one file at a time, and proves each upload by reading it back:
/// its size, and the sha256 of the bytes GitHub serves. Re-running after any failure only does what is left.
/// </summary>
public sealed class ReleaseAssetSync(IGitHubClient client, GitHubRetry retry, ILogger log)
{
    private const int UploadTries = 3;

    /// <summary>Compares the dist with the release's assets; reads only. Differing content without --replace is an
    /// error.</summary>
    public async Task<IReadOnlyList<AssetStep>> Plan(GitHubRepository repository, Release? release,
        IReadOnlyList<DistFile> files, bool replace, CancellationToken cancellationToken)
    {
        var existing = release is null ? [] : await ListAssets(repository, release, cancellationToken);
        var steps = new List<AssetStep>();
        foreach (var file in files)
        {
            var asset = existing.FirstOrDefault(a => a.Name == file.Name);
            if (asset is null) { steps.Add(new(file, AssetAction.Upload, null)); continue; }
            if (asset.State != "uploaded") { steps.Add(new(file, AssetAction.Resume, asset)); continue; }
            if (await HasContent(repository, asset, file,
                cancellationToken)) { steps.Add(new(file, AssetAction.Keep, asset)); continue; }
            if (!replace)
                throw new BuildFailure(
                    $"{file.Name} is already on release {release!.TagName} with different content: " +
                    $"run again with --replace to replace it");
            steps.Add(new(file, AssetAction.Replace, asset));
        }
        foreach (var extra in existing.Where(a => files.All(f => f.Name != a.Name)))
            log.Warning("Release {Tag} has an asset {Name} that is not in the dist; it is left as it is",
                release!.TagName, extra.Name);
        return steps;
    }

    /// <summary>Carries out a plan on a release. Each file ends verified on the release, or this throws.</summary>
    public async Task Apply(GitHubRepository repository, Release release, IReadOnlyList<AssetStep> steps,
        CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (step.Action == AssetAction.Keep) { log.Information("{Name}: already on the release, same content",
                step.File.Name); continue; }
            log.Information("About to {Step}", step.Describe());
            if (step.Existing is not null) await Delete(repository, step.Existing, cancellationToken);
            await UploadVerified(repository, release, step.File, cancellationToken);
        }
    }

    private async Task UploadVerified(GitHubRepository repository, Release release, DistFile file,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= UploadTries; attempt++)
        {
            var asset = await Upload(repository, release, file, cancellationToken);
            if (asset.State == "uploaded" && await HasContent(repository, asset, file, cancellationToken))
            {
                log.Information("{Name}: uploaded and verified ({Size} bytes, sha256 {Sha})", file.Name, file.Size,
                    file.Sha256);
                return;
            }
            log.Warning(
                "{Name}: the asset on the release is not the file (state {State}, {Size} bytes); deleting it " +
                    "and uploading again", file.Name, asset.State, asset.Size);
            await Delete(repository, asset, cancellationToken);
        }
        throw new BuildFailure(
            $"{file.Name}: the upload could not be verified after {UploadTries} tries; the release " +
            $"stays a draft, run again to resume");
    }

    /// <summary>One upload (retried by <see cref="GitHubRetry"/>); an asset of that name that is there already is
    /// returned instead.</summary>
    private async Task<ReleaseAsset> Upload(GitHubRepository repository, Release release, DistFile file,
        CancellationToken cancellationToken)
    {
        try
        {
            return await retry.Run($"upload {file.Name} to {repository} {release.TagName}", async ct =>
            {
                // A fresh stream for every try: a retried upload must send the file from its start.
                await using var stream = File.OpenRead(file.Path);
                return await client.Repository.Release.UploadAsset(release,
                    new ReleaseAssetUpload(file.Name, "application/octet-stream", stream, TimeSpan.FromMinutes(10)),
                        ct);
            }, cancellationToken);
        }
        catch (ApiValidationException e) when (e.StatusCode == (HttpStatusCode)422)
        {
            // "already_exists": an earlier try got through before its answer was lost, or left a broken asset.
            log.Warning("{Name}: GitHub says an asset of that name exists (422); looking at it", file.Name);
            return (await ListAssets(repository, release, cancellationToken)).FirstOrDefault(a => a.Name == file.Name)
                ?? throw GitHubFailures.Describe($"upload {file.Name}", e);
        }
    }

    /// <summary>Same size, then the same sha256 of the bytes GitHub serves (downloaded back through the API).</summary>
    private async Task<bool> HasContent(GitHubRepository repository, ReleaseAsset asset, DistFile file,
        CancellationToken cancellationToken)
    {
        if (asset.Size != file.Size) return false;
        // Octokit hands binary answers over as a stream (or bytes); the hash is taken inside the retried call.
        var (length, sha) = await retry.Run($"download {asset.Name} back from {repository}", async ct =>
        {
            var response = await client.Connection.Get<byte[]>(new Uri(asset.Url), null, "application/octet-stream",
                ct);
            return await LengthAndSha256(response.Body ?? response.HttpResponse.Body, ct)
                ?? throw new BuildFailure($"{asset.Name}: GitHub did not serve the asset's bytes (got " +
                    $"{response.HttpResponse.ContentType})");
        }, cancellationToken);
        return length == file.Size && sha == file.Sha256;
    }

    /// <summary>The length and sha256 of an answer's body, bytes or stream; null for anything else.</summary>
    private static async Task<(long Length, string Sha256)?> LengthAndSha256(object? body, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long read = 0;
        switch (body)
        {
            case byte[] bytes:
                hash.AppendData(bytes);
                read = bytes.LongLength;
                break;
            case Stream stream:
                await using (stream)
                {
                    var buffer = new byte[81920];
                    int n;
                    while ((n = await stream.ReadAsync(buffer, ct)) > 0) { hash.AppendData(buffer, 0, n); read += n; }
                }
                break;
            default:
                return null;
        }
        return (read, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private async Task<IReadOnlyList<ReleaseAsset>> ListAssets(GitHubRepository repository, Release release,
        CancellationToken cancellationToken) =>
        await retry.Run($"list the assets of {repository} {release.TagName}", _ =>
            client.Repository.Release.GetAllAssets(repository.Owner, repository.Name, release.Id,
                new ApiOptions { PageSize = 100 }), cancellationToken);

    private async Task Delete(GitHubRepository repository, ReleaseAsset asset, CancellationToken cancellationToken)
    {
        log.Information("{Name}: deleting the asset on the release", asset.Name);
        try
        {
            await retry.Run($"delete asset {asset.Name} of {repository}", _ =>
                client.Repository.Release.DeleteAsset(repository.Owner, repository.Name, asset.Id), cancellationToken);
        }
        catch (BuildFailure e) when (e.InnerException is NotFoundException)
        {
            // Gone already (a retried delete whose first answer was lost): that is what we wanted.
        }
    }
}

using Octokit;
using OpenH264Build.Archives;
using OpenH264Build.Engine;
using OpenH264Build.Git;
using OpenH264Build.Publishing;
using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>A published release fetched to this machine: its files (to verify like any release folder) and its apt
/// repository.</summary>
public sealed record DownloadedRelease(string Folder, string? RepositoryFolder);

/// <summary>
/// <c>--release v2.3.1-1</c> when no such folder exists: the GitHub release of that tag in <c>--repository</c>,
/// downloaded through Octokit. Every asset but the apt repository's tarball goes into one folder, which the
/// rollout then verifies as it verifies any release folder (nothing here is trusted); the tarball is unpacked
/// (safely) beside it, and hosts still check its signature and every package's sha256 against the signed sums.
/// </summary>
public static class ReleaseDownload
{
    /// <summary>The asset Publish makes of the signed apt repository, so an operator can serve what was
    /// released.</summary>
    public const string AptAsset = "openh264-fleet-apt.tar";

    public static async Task<DownloadedRelease> FetchAsync(IGitHubClient client, GitHubRepository repository,
        string tag, string folder,
        CancellationToken ct)
    {
        Release release;
        try { release = await client.Repository.Release.Get(repository.Owner, repository.Name, tag); }
        catch (NotFoundException)
        {
            throw new BuildFailure(
                $"--release {tag}: no such folder, and {repository} has no published release tagged {tag}");
        }
        var files = Path.Combine(folder, "release");
        Directory.CreateDirectory(files);
        string? apt = null;
        foreach (var asset in release.Assets)
        {
            var bytes = await DownloadAsync(client, asset, ct);
            if (asset.Name == AptAsset) apt = Unpack(bytes, Path.Combine(folder, "apt"));
            else await File.WriteAllBytesAsync(Path.Combine(files, SafeName(asset.Name)), bytes, ct);
        }
        Log.Information("Release {Tag} of {Repository}: {Count} asset(s) downloaded{Apt}", tag, repository,
            release.Assets.Count,
            apt is null ? " (no apt repository among them: give --apt-url or --apt-folder)"
                : ", apt repository included");
        return new DownloadedRelease(files, apt);
    }

    private static async Task<byte[]> DownloadAsync(IGitHubClient client, ReleaseAsset asset, CancellationToken ct)
    {
        var response = await client.Connection.Get<byte[]>(new Uri(asset.Url), null, "application/octet-stream", ct);
        if (response.Body is { } bytes) return bytes;
        if (response.HttpResponse.Body is Stream stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            return copy.ToArray();
        }
        throw new BuildFailure($"{asset.Name}: GitHub did not serve the asset's bytes (got " +
            $"{response.HttpResponse.ContentType})");
    }

    private static string Unpack(byte[] tar, string folder)
    {
        Directory.CreateDirectory(folder);
        using var stream = new MemoryStream(tar);
        SafeTarExtractor.Extract(stream, folder);
        return folder;
    }

    private static string SafeName(string name) =>
        name.Length > 0 && name == Path.GetFileName(name) && name is not ("." or "..")
            ? name : throw new BuildFailure($"the release has an asset named '{name}', which is not a plain file name");
}

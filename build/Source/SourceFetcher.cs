using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Util;
using Serilog;

namespace OpenH264Build.Source;

/// <summary>
/// Puts the pinned tarball into the download cache and proves it is the pinned file: a cached copy is
/// reused only while its digest still matches; a fetched copy whose digest differs is refused, naming both.
/// </summary>
public sealed class SourceFetcher(SourcePin pin, string cacheDirectory)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>The verified tarball, under the cache folder named by its digest.</summary>
    public string CachedPath => Path.Combine(cacheDirectory, pin.Sha256, pin.File);

    public async Task<string> FetchAsync(CancellationToken ct)
    {
        if (File.Exists(CachedPath) && Sha256.OfFile(CachedPath) == pin.Sha256)
        {
            Log.Information("Source {File} is cached and matches its pin", pin.File);
            return CachedPath;
        }

        var failures = new List<string>();
        foreach (var origin in pin.Origins)
        {
            var incoming = Path.Combine(cacheDirectory, "incoming-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                Log.Information("Fetching {File} from {Origin}", pin.File, origin);
                var file = await DownloadAsync(origin, incoming, ct);
                Verify(file, origin.Sha256 ?? pin.Sha256, origin.ToString());
                Directory.CreateDirectory(Path.GetDirectoryName(CachedPath)!);
                File.Move(file, CachedPath, overwrite: true);
                return CachedPath;
            }
            catch (DigestMismatchException)
            {
                throw; // a wrong file is never papered over by trying the next origin
            }
            catch (Exception e) when (e is BuildFailure or HttpRequestException or IOException
                && !ct.IsCancellationRequested)
            {
                failures.Add($"{origin}: {e.Message}");
            }
            finally
            {
                if (Directory.Exists(incoming)) Directory.Delete(incoming, recursive: true);
            }
        }
        throw new BuildFailure($"Could not fetch {pin.File} from any origin: {string.Join("; ", failures)}");
    }

    /// <summary>Fails, naming the file and both digests, when a file is not the pinned one.</summary>
    public static void Verify(string file, string expectedSha256, string origin)
    {
        var actual = Sha256.OfFile(file);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new DigestMismatchException($"{Path.GetFileName(file)} from {origin}: sha256 mismatch: expected " +
                $"{expectedSha256} (native/source.json), got {actual}");
    }

    private async Task<string> DownloadAsync(SourceOrigin origin, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        if (origin.DebianSource is not null)
        {
            var apt = new DebianSourcePackage(Path.Combine(cacheDirectory, "apt"));
            return await apt.DownloadAsync(origin.DebianSource, origin.DebianVersion ?? pin.Version, pin.File,
                directory, ct);
        }
        if (origin.Url is null) throw new BuildFailure(
            "an origin in native/source.json has neither 'url' nor 'debianSource'");

        var target = Path.Combine(directory, pin.File);
        using var response = await Http.GetAsync(origin.Url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using (var file = File.Create(target))
            await response.Content.CopyToAsync(file, ct);
        return target;
    }
}

public sealed class DigestMismatchException(string message) : BuildFailure(message);

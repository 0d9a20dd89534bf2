using OpenH264Build.Engine;

namespace OpenH264Build.Downloads;

/// <summary>A file named by a local path or an http(s) URL; a URL is downloaded into the work folder.</summary>
public static class RemoteFile
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    public static async Task<string> GetAsync(string pathOrUrl, string workDirectory,
        CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var uri) || uri.IsFile)
        {
            var path = uri?.IsFile == true ? uri.LocalPath : pathOrUrl;
            return File.Exists(path) ? Path.GetFullPath(path) : throw new BuildFailure($"{path} does not exist");
        }
        if (uri.Scheme is not (
            "http" or "https")) throw new BuildFailure($"{uri.Scheme}: URLs are not supported (http, https or a path)");
        Directory.CreateDirectory(workDirectory);
        var target = Path.Combine(workDirectory, Path.GetFileName(uri.LocalPath));
        try
        {
            using var response = await Http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new BuildFailure($"{uri.GetLeftPart(UriPartial.Path)}: HTTP {(int)response.StatusCode}");
            await using var file = File.Create(target);
            await response.Content.CopyToAsync(file, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new BuildFailure($"{uri.GetLeftPart(UriPartial.Path)}: {e.Message}");
        }
        return target;
    }
}

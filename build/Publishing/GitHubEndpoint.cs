using Octokit;
using OpenH264Build.Engine;

namespace OpenH264Build.Publishing;

/// <summary>
/// Where a GitHub lives: its REST API address (Octokit adds <c>api/v3/</c> itself to a GitHub Enterprise
/// Server address) and its web address, which release and issue links in the notes point at.
/// </summary>
public sealed record GitHubEndpoint(Uri ApiAddress, Uri WebAddress)
{
    public static readonly GitHubEndpoint Public = new(GitHubClient.GitHubApiUrl, new Uri("https://github.com/"));

    /// <summary><c>null</c> or api.github.com is github.com; anything else is an Enterprise Server address.</summary>
    public static GitHubEndpoint From(string? apiUrl)
    {
        if (string.IsNullOrWhiteSpace(apiUrl)) return Public;
        if (!Uri.TryCreate(apiUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != "https"
            && uri.Scheme != "http"))
            throw new BuildFailure($"--github-api-url '{apiUrl}' is not an http(s) address");
        if (uri.Host == GitHubClient.GitHubApiUrl.Host) return Public;
        // https://ghe.example.com/api/v3 and https://ghe.example.com name the same server.
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)) path = path[..^"/api/v3".Length];
        var web = new UriBuilder(uri) { Path = path + "/", Query = "", Fragment = "" }.Uri;
        return new GitHubEndpoint(web, web);
    }

    public IGitHubClient CreateClient(string? token)
    {
        var client = new GitHubClient(new ProductHeaderValue("openh264-build-publish"), ApiAddress);
        if (!string.IsNullOrEmpty(token)) client.Credentials = new Credentials(token);
        // Uploads of large tarballs over slow links need longer than Octokit's 100 s default.
        client.SetRequestTimeout(TimeSpan.FromMinutes(10));
        return client;
    }

    public string ReleaseUrl(string repository, string tag) =>
        new Uri(WebAddress, $"{repository}/releases/tag/{Uri.EscapeDataString(tag)}").ToString();
    public string AssetDownloadUrl(string repository, string tag, string name) =>
        new Uri(WebAddress, $"{repository}/releases/download/{Uri.EscapeDataString(tag)}/{Uri.EscapeDataString(name)}")
            .ToString();
}

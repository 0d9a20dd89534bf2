using System.Formats.Tar;
using System.IO.Compression;
using OpenH264Build.Git;
using OpenH264Build.Publishing;
using OpenH264Build.Tests.Publishing.FakeGitHub;

namespace OpenH264Build.Tests.Publishing;

/// <summary>
/// ReportUpstream against the fake GitHub: a reproducer bundle becomes a pre-release asset of our repository (with the
/// pictures its ISSUE.md shows) and an upstream issue whose body is ISSUE.md plus the bundle's link; a second run
/// opens nothing twice; a dry run asks GitHub nothing and prints the issue with the link.
/// </summary>
public sealed class ReportUpstreamTests : IDisposable
{
    private const string Token = "ghp_FAKEtoken0123456789abcdefREPRO";
    private const string Ours = "acme/openh264-patched";
    private const string Title = "libopenh264 on aarch64 (Cortex-A72): decoded pictures differ from frame 180, plane Y with cb-long";
    private readonly string _root = Directory.CreateTempSubdirectory("report-upstream-test-").FullName;
    private string Bundle => Path.Combine(_root, "aarch64-cb-long");

    public ReportUpstreamTests()
    {
        Directory.CreateDirectory(Path.Combine(Bundle, "images"));
        File.WriteAllText(Path.Combine(Bundle, "ISSUE.md"),
            $"# {Title}\n\n## Actual\n\n" +
            "![cb-long-180-candidate](images/cb-long-180-candidate.png)\n");
        File.WriteAllText(Path.Combine(Bundle, "reproduce.sh"), "#!/bin/sh\nexit 1\n");
        File.WriteAllText(Path.Combine(Bundle, "SHA256SUMS"), "0000  reproduce.sh\n");
        File.WriteAllBytes(Path.Combine(Bundle, "images", "cb-long-180-candidate.png"), [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    }

    private ReproForwardSettings Settings(FakeGitHubServer server) => new()
    {
        Bundle = Bundle, Repository = GitHubRepository.Parse(Ours), Token = server.Token,
        Endpoint = GitHubEndpoint.From(server.Address.ToString()),
        UpstreamEndpoint = GitHubEndpoint.From(server.Address.ToString()),
        ScratchDirectory = Path.Combine(_root, "scratch"),
        Retry = new RetrySettings { MaxRetries = 2, BaseDelay = TimeSpan.FromSeconds(1), Time = new FastTime() },
    };

    private static async Task<FakeGitHubServer> Server()
    {
        var server = await FakeGitHubServer.Start(Token);
        server.Repository(Ours);
        server.Repository("cisco/openh264");
        return server;
    }

    [Fact]
    public async Task The_bundle_is_a_pre_release_asset_and_the_upstream_issue_is_ISSUE_md_with_its_link_opened_once()
    {
        await using var server = await Server();
        var log = new LogCapture();
        var url = await new ReproForwarder(Settings(server), log.Logger).Execute();

        var release = Assert.Single(server.Repository(Ours).Releases);
        Assert.True(release.Prerelease);
        Assert.False(release.Draft);
        Assert.StartsWith("repro-aarch64-cb-long-", release.TagName);
        var asset = release.Assets.Single(a => a.Name == "aarch64-cb-long.tar.gz");
        Assert.Equal(["aarch64-cb-long/ISSUE.md", "aarch64-cb-long/SHA256SUMS",
            "aarch64-cb-long/images/cb-long-180-candidate.png", "aarch64-cb-long/reproduce.sh"], Members(asset.Content));
        Assert.Contains(release.Assets, a => a.Name == "aarch64-cb-long-cb-long-180-candidate.png");

        var issue = Assert.Single(server.Repository("cisco/openh264").Issues.Values);
        Assert.Equal(Title, issue.Title);
        var download = $"{server.Address}{Ours}/releases/download/{release.TagName}/";
        Assert.Contains($"[aarch64-cb-long.tar.gz]({download}aarch64-cb-long.tar.gz)", issue.Body);
        Assert.Contains($"]({download}aarch64-cb-long-cb-long-180-candidate.png)", issue.Body);
        Assert.Contains(url!.TrimEnd('/'), $"{server.Address}cisco/openh264/issues/{issue.Number}");

        await new ReproForwarder(Settings(server), log.Logger).Execute();
        Assert.Single(server.Repository("cisco/openh264").Issues.Values);
        Assert.Single(server.Repository(Ours).Releases);
        Assert.Equal(2, server.Repository(Ours).Releases[0].Assets.Count);
        Assert.DoesNotContain(Token, log.Text);
    }

    [Fact]
    public async Task A_dry_run_asks_GitHub_nothing_and_shows_the_issue_with_the_bundle_link()
    {
        await using var server = await Server();
        var log = new LogCapture();
        await new ReproForwarder(Settings(server) with { DryRun = true, Token = null }, log.Logger).Execute();
        Assert.Empty(server.Requests);
        Assert.Contains($"[dry-run] would open an issue in cisco/openh264 titled \"{Title}\"", log.Text);
        const string Download = @"http://127\.0\.0\.1:\d+/acme/openh264-patched/releases/download/repro-aarch64-cb-long-[0-9a-f]{12}";
        Assert.Matches($@"\[aarch64-cb-long\.tar\.gz\]\({Download}/aarch64-cb-long\.tar\.gz\)", log.Text);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_bundle_is_refused_in_one_line()
    {
        File.Delete(Path.Combine(Bundle, "reproduce.sh"));
        await using var server = await Server();
        var forwarder = new ReproForwarder(Settings(server), new LogCapture().Logger);
        var error = await Assert.ThrowsAsync<OpenH264Build.Engine.BuildFailure>(() => forwarder.Execute());
        Assert.Contains("is not a reproducer bundle: it has no reproduce.sh", error.Message);
        Assert.Empty(server.Repository(Ours).Releases);
    }

    private static List<string> Members(byte[] tarGz)
    {
        using var gzip = new GZipStream(new MemoryStream(tarGz), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile) names.Add(entry.Name);
        return names.Order(StringComparer.Ordinal).ToList();
    }

    public void Dispose() => Directory.Delete(_root, true);
}

using OpenH264Build.Fleet;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Dist;
using OpenH264Build.Publishing;
using OpenH264Build.Tests.Ci;
using OpenH264Build.Tests.Publishing.FakeGitHub;
using OpenH264Build.Tests.Reporting;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Publishing;

/// <summary>
/// The release path as a release manager runs it, on the dist the real pipeline produces: a key made by
/// <c>minisign -G</c> with a password, a clone of this repository with the public key committed and a
/// <c>v2.3.1-1</c> tag, the whole pipeline signing with the key from <c>OPENH264_SIGNING_KEY</c>, stock tools and Verify
/// checking the dist, then the real Publish target talking to the fake GitHub. The "clone" is a copy of the working
/// tree (<see cref="Spine.TestTree"/>: uncommitted changes are what gets released) with the release commit and tag on
/// top; it shares this repository's content-addressed caches, so nothing the other pipeline tests built is built again,
/// and no verdict: its Abi and Compat really check.
/// </summary>
[Collection("Pipeline")]
public sealed class ReleasePipelineTests(HeadlessChromium chromium) : IDisposable, IClassFixture<HeadlessChromium>
{
    private const string Password = "correct horse 7 battery";
    private const string Token = "ghp_RELEASEpipeline0123456789abcdefSECRET";
    private const string Repository = "acme/openh264-patched";
    private const string Tag = "v2.3.1-1";

    private readonly string _dir = Directory.CreateTempSubdirectory("release-pipeline-").FullName;
    private Spine.TestTree? _tree;
    private string Clone => _tree!.Root;
    private string Dist => Path.Combine(Clone, "artifacts", "dist");
    private string PublicKey => Path.Combine(_dir, "release.pub");
    private string SecretKey => Path.Combine(_dir, "release.key");

    public void Dispose()
    {
        _tree?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_tagged_release_is_signed_with_the_release_key_verified_and_published_and_a_development_dist_is_refused()
    {
        await MakeReleaseKeyAndTaggedClone();
        var commit = (await Run(Clone, "git", "rev-parse", "HEAD")).Trim();
        var keyText = await File.ReadAllTextAsync(SecretKey);

        await using var server = await FakeGitHubServer.Start(Token);
        server.Repository(Repository);
        var upstream = server.Repository("cisco/openh264");
        upstream.Issues[3818] = new FakeIssue
        {
            Number = 3818, Title = "Fix heap overflow in WelsDecodeBs", IsPullRequest = true, State = "closed", Merged = true,
            MergeCommitSha = "56d4ac5ae3a8f0d7e1f3bd2b49a3d1c5e1f0a4b2",
        };
        string[] publish = ["Publish", "--repository", Repository, "--github-api-url", server.Address.ToString(), "--upstream-api-url", server.Address.ToString()];
        var withToken = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Token };

        // 1. The release workflow's run, signing with the release key from the environment, Publish as a dry run:
        //    Verify and Publish see the dist this run staged (a fresh clone has no artifacts/dist yet), and nothing is written.
        var repositoryKey = await File.ReadAllTextAsync(await Fleet.TestRepositoryKey.CreateAsync(_dir));
        var build = await Build(new(withToken)
            {
                ["OPENH264_SIGNING_KEY"] = keyText, ["OPENH264_SIGNING_KEY_PASSWORD"] = Password, ["OPENH264_REPOSITORY_KEY"] = repositoryKey,
            },
            ["Package", "Abi", "Compat", "Sign", "Verify", .. publish, "Report", "--dry-run"]);
        Assert.True(build.ExitCode == 0, build.StandardOutput + build.StandardError);
        Assert.Contains("key=release", build.StandardOutput);
        Assert.Empty(server.Writes());
        var minisign = await Run(Dist, "minisign", "-Vm", "SHA256SUMS", "-p", PublicKey);
        Assert.Contains("Signature and comment signature verified", minisign);
        Assert.Contains($"version=2.3.1-1 commit={commit} ", minisign);
        Assert.Contains("key=release", minisign);
        await Run(Dist, "sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS");
        foreach (var arch in new[] { "x86_64", "aarch64" })
        foreach (var name in new[] { $"openh264-2.3.1-1-linux-{arch}.tar.gz", $"openh264-2.3.1-1-linux-{arch}.abi.xml", $"abi-{arch}.json", $"compat-{arch}.json" })
            Assert.True(File.Exists(Path.Combine(Dist, name)), $"{name} is not in dist");
        foreach (var file in Directory.GetFiles(Dist))
            Assert.Contains($"[dry-run] would upload {Path.GetFileName(file)} ", build.StandardOutput);
        AssertNoSecret(build.StandardOutput + build.StandardError, keyText);
        await AssertThePageSaysReadyAsync();

        // 2. Verify on its own, as a fleet host would, then the real publish of that dist against the fake GitHub.
        var verify = await Build([], "Verify");
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
        Assert.Contains("key=release", verify.StandardOutput);

        var published = await Build(withToken, publish);
        Assert.True(published.ExitCode == 0, published.StandardOutput + published.StandardError);
        AssertNoSecret(published.StandardOutput + published.StandardError, keyText);

        var release = Assert.Single(server.Repository(Repository).Releases);
        Assert.Equal(Tag, release.TagName);
        Assert.False(release.Draft);
        Assert.Equal(commit, release.TargetCommitish);
        // Every file of the dist, and the signed apt repository as one tarball an operator can serve.
        var expected = Directory.GetFiles(Dist).Select(Path.GetFileName).Append(ReleaseDownload.AptAsset);
        Assert.Equal(expected.Order(StringComparer.Ordinal), release.Assets.Select(a => a.Name).Order(StringComparer.Ordinal));
        foreach (var asset in release.Assets.Where(a => a.Name != ReleaseDownload.AptAsset))
        {
            Assert.Equal("uploaded", asset.State);
            Assert.Equal(DistFile.Read(Path.Combine(Dist, asset.Name)).Sha256, asset.Sha256);
            Assert.Contains($"{asset.Name}: uploaded and verified", published.StandardOutput);
        }

        var body = release.Body!;
        Assert.Contains("CVE-2025-27091", body);
        Assert.Contains("[cisco/openh264#3818](https://github.com/cisco/openh264/pull/3818) \"Fix heap overflow in WelsDecodeBs\" (merged)", body);
        foreach (var arch in new[] { "x86_64", "aarch64" })
            Assert.Contains($"| {arch} | [pass]({Asset($"abi-{arch}.json")}) | [pass]({Asset($"compat-{arch}.json")}) |", body);
        Assert.Contains($"{DistFile.Read(Path.Combine(Dist, "openh264-2.3.1-1-linux-aarch64.tar.gz")).Sha256}  openh264-2.3.1-1-linux-aarch64.tar.gz", body);

        // Published only at the end: the last write turns the draft into a release, after every upload.
        var writes = server.Writes();
        var lastUpload = writes.Select((w, i) => (w, i)).Last(x => x.w.Path.Contains("/assets")).i;
        Assert.Matches(@"^PATCH .*/repos/acme/openh264-patched/releases/\d+$", $"{writes[^1].Method} {writes[^1].Path}");
        Assert.True(lastUpload < writes.Count - 1);
        Assert.Equal(Directory.GetFiles(Dist).Length + 1, writes.Count(w => w.Method == "POST" && w.Path.Contains("/assets")));

        // 3. A development dist (no OPENH264_SIGNING_KEY) of the same tagged commit is refused in one line, before any write.
        //    Sign alone is a partial run (no ABI dumps): it replaces the complete dist only when asked to.
        var development = await Build([], "Sign", "--replace-dist");
        Assert.True(development.ExitCode == 0, development.StandardOutput + development.StandardError);
        Assert.Contains("key=development", await Run(Dist, "minisign", "-Vm", "SHA256SUMS", "-p", "openh264.pub"));
        var before = server.Writes().Count;
        var refused = await Build(withToken, publish);
        Assert.NotEqual(0, refused.ExitCode);
        var error = Assert.Single(refused.StandardOutput.Split('\n'), l => l.Contains("Publish failed:"));
        Assert.Contains("signed with a development key", error);
        Assert.Equal(before, server.Writes().Count);

        string Asset(string name) => $"{server.Address}{Repository}/releases/download/{Tag}/{name}";
    }

    /// <summary>The page the release run's report writer left, in chromium: ready to publish, green, its log.</summary>
    private async Task AssertThePageSaysReadyAsync()
    {
        var reports = Path.Combine(Clone, "artifacts", "reports");
        var (page, decision) = await WrittenReportPage.OpenAsync(chromium.Browser, reports);
        Assert.Equal("Release 2.3.1-1: ready to publish", decision);
        await WrittenReportPage.AssertIconAsync(page, WrittenReportPage.Green);
        await WrittenReportPage.AssertLogLinkOpensAsync(page, reports, "key=release");
        await page.CloseAsync();
    }

    /// <summary>A password-protected key from the stock tool, and a copy of the working tree with its public key committed and tagged.</summary>
    private async Task MakeReleaseKeyAndTaggedClone()
    {
        var keygen = await Cli.Wrap("minisign").WithArguments(["-G", "-p", PublicKey, "-s", SecretKey])
            .WithStandardInputPipe(PipeSource.FromString($"{Password}\n{Password}\n"))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(keygen.ExitCode == 0, keygen.StandardOutput + keygen.StandardError);
        Assert.Contains("encrypted", await File.ReadAllTextAsync(SecretKey));

        _tree = await Spine.TestTree.CreateAsync();
        File.Copy(PublicKey, Path.Combine(Clone, "native", "release.pub"), overwrite: true);
        await Run(Clone, "git", "add", "native/release.pub");
        await Run(Clone, "git", "-c", "user.name=Release Manager", "-c", "user.email=rm@example.org", "commit", "-q", "-m", "Release key");
        await Run(Clone, "git", "-c", "user.name=Release Manager", "-c", "user.email=rm@example.org", "tag", "-a", Tag, "-m", Tag);
    }

    /// <summary>
    /// Neither the password, the token nor any part of the secret key in the output or in any file the run wrote
    /// under the clone's artifacts (shared caches included), decoded as a reader would decode it.
    /// </summary>
    private void AssertNoSecret(string output, string keyText)
    {
        var keyLine = keyText.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("RW", StringComparison.Ordinal));
        string[] secrets = [Password, keyLine, keyLine[10..50], Token];
        var places = SecretSearch.FilesWrittenSince(Path.Combine(Clone, "artifacts"), _started).Prepend(("output", Encoding.UTF8.GetBytes(output)));
        Assert.Empty(SecretSearch.Find(places, secrets));
    }

    private readonly DateTime _started = DateTime.UtcNow;

    private async Task<BufferedCommandResult> Build(Dictionary<string, string?> environment, params string[] arguments) =>
        await Signing.BuildProcess.Command(Clone, environment, arguments).ExecuteBufferedAsync(Encoding.UTF8);

    private static async Task<string> Run(string directory, string tool, params string[] arguments)
    {
        var result = await Cli.Wrap(tool).WithArguments(arguments).WithWorkingDirectory(directory)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', arguments)}: {result.StandardOutput}{result.StandardError}");
        return result.StandardOutput + result.StandardError;
    }
}

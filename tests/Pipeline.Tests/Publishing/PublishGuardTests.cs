using OpenH264Build.Engine;
using OpenH264Build.Publishing;
using OpenH264Build.Tests.Publishing.FakeGitHub;
using OpenH264Build.Versioning;

namespace OpenH264Build.Tests.Publishing;

/// <summary>What Publish refuses before it calls GitHub at all: each case ends with no write to the fake server.</summary>
public class PublishGuardTests
{
    [Theory]
    [InlineData("v2.3.1-1", "2.3.1", 1)]
    [InlineData("2.3.1-12", "2.3.1", 12)]
    public void A_release_tag_gives_the_upstream_and_patch_release(string text, string upstream, int patchRelease)
    {
        var version = ReleaseTag.Parse(text);
        Assert.Equal(upstream, version.Upstream.ToString());
        Assert.Equal(patchRelease, version.PatchRelease);
        Assert.Equal($"v{upstream}-{patchRelease}", version.Tag);
    }

    [Theory]
    [InlineData("v2.3.1-0.dev.5+g1a2b3c", "development version")]
    [InlineData("2.3.1-1~dev", "development version")]
    [InlineData("v2.3.1", "not a release version")]
    [InlineData("v2.3.1-0", "not a release version")]
    [InlineData("release-1", "not a release version")]
    public void Development_and_malformed_versions_are_refused(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<BuildFailure>(() => ReleaseTag.Parse(text)).Message);

    [Fact]
    public void Versions_order_by_upstream_then_patch_release()
    {
        Assert.True(ReleaseTag.Compare(ReleaseTag.Parse("v2.3.1-2"), ReleaseTag.Parse("v2.3.1-1")) > 0);
        Assert.True(ReleaseTag.Compare(ReleaseTag.Parse("v2.4.0-1"), ReleaseTag.Parse("v2.3.1-9")) > 0);
        Assert.True(ReleaseTag.Compare(ReleaseTag.Parse("v2.3.10-1"), ReleaseTag.Parse("v2.3.9-1")) > 0);
    }

    [Theory]
    [InlineData(null, "https://api.github.com/", "https://github.com/")]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/", "https://ghe.example.com/")]
    [InlineData("https://ghe.example.com", "https://ghe.example.com/", "https://ghe.example.com/")]
    public void The_api_address_names_the_web_address(string? api, string expectedApi, string expectedWeb)
    {
        var endpoint = GitHubEndpoint.From(api);
        Assert.Equal(expectedApi, endpoint.ApiAddress.ToString());
        Assert.Equal(expectedWeb, endpoint.WebAddress.ToString());
    }

    private static async Task<(BuildFailure Failure, FakeGitHubServer Server)> Refused(PublishFixture fixture, Func<PublishSettings, PublishSettings>? change = null)
    {
        var server = await FakeGitHubServer.Start("ghp_guardtoken0123456789");
        server.Repository("acme/openh264-patched");
        var settings = fixture.Settings(server);
        var failure = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(change?.Invoke(settings) ?? settings, new LogCapture().Logger).Execute());
        Assert.Empty(server.Writes());
        Assert.DoesNotContain('\n', failure.Message);
        return (failure, server);
    }

    [Fact]
    public async Task A_dirty_work_tree_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        await File.AppendAllTextAsync(Path.Combine(fixture.Root, "native", "patches", "series"), "# edited\n");
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("the work tree is dirty", failure.Message);
    }

    [Fact]
    public async Task A_head_that_is_not_the_tagged_commit_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        await fixture.Git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "--allow-empty", "-m", "after the tag");
        var (failure, server) = await Refused(fixture, s => s with { Version = ReleaseTag.Parse("2.3.1-1") });
        await using var _ = server;
        Assert.Contains("is not the commit tagged v2.3.1-1", failure.Message);
    }

    [Fact]
    public async Task A_tag_for_another_upstream_version_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        await fixture.Git("tag", "v2.4.0-1");
        var (failure, server) = await Refused(fixture, s => s with { Version = ReleaseTag.Parse("2.4.0-1") });
        await using var _ = server;
        Assert.Contains("tag v2.4.0-1 is for upstream 2.4.0, but native/source.json pins upstream 2.3.1", failure.Message);
    }

    [Theory]
    [InlineData("2.3.1-0.dev.3+gabcdef", "", "is a development version")]
    [InlineData(null, "v2.3.1-0.dev.3+gabcdef", "HEAD has no release tag")]
    [InlineData(null, "", "HEAD has no release tag")]
    [InlineData(null, "v2.3.1-1 v2.3.1-2", "HEAD has several release tags (v2.3.1-1, v2.3.1-2)")]
    public void A_development_version_no_release_tag_or_several_are_refused(string? packageVersion, string tags,
        string reason) =>
        Assert.Contains(reason, Assert.Throws<BuildFailure>(() =>
            ReleaseTag.Resolve(packageVersion, tags.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Message);

    [Theory]
    [InlineData(null, "latest v2.3.1-2 nightly", "v2.3.1-2")]
    [InlineData("2.3.1-3", "v2.3.1-2", "v2.3.1-3")]
    public void The_release_tag_is_the_package_version_else_the_one_on_head(string? packageVersion, string tags,
        string tag) =>
        Assert.Equal(tag, ReleaseTag.Resolve(packageVersion, tags.Split(' ')).Tag);

    [Fact]
    public async Task A_dist_signed_with_the_development_key_is_refused()
    {
        using var fixture = await PublishFixture.Create(developmentKey: true);
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("signed with a development key", failure.Message);
    }

    [Fact]
    public async Task A_dist_changed_after_signing_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        await File.AppendAllTextAsync(Path.Combine(fixture.Dist, "provenance.json"), " ");
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("provenance.json does not match its line in SHA256SUMS", failure.Message);
    }

    [Fact]
    public async Task A_dist_signed_with_a_key_other_than_the_release_key_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        var other = Path.Combine(fixture.KeyDirectory, "other.pub");
        await fixture.Run("minisign", "-G", "-W", "-f", "-p", other, "-s", Path.Combine(fixture.KeyDirectory, "other.key"));
        // The dist carries its own openh264.pub, which verifies it: only the configured release key counts.
        var (failure, server) = await Refused(fixture, s => s with { ReleasePublicKey = other });
        await using var _ = server;
        Assert.Contains("SHA256SUMS.minisig", failure.Message);
        Assert.Contains("key", failure.Message);
    }

    [Fact]
    public async Task Without_a_release_public_key_nothing_is_published()
    {
        using var fixture = await PublishFixture.Create();
        var (failure, server) = await Refused(fixture, s => s with { ReleasePublicKey = null });
        await using var _ = server;
        Assert.Contains("no release public key", failure.Message);
        Assert.Contains("native/release.pub", failure.Message);
    }

    [Fact]
    public async Task A_dist_built_from_another_commit_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        await fixture.Git("-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "--allow-empty", "-m", "after the tag");
        await fixture.Sign();
        await fixture.Git("checkout", "-q", PublishFixture.Tag);
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("the dist was built from commit", failure.Message);
        Assert.Contains("v2.3.1-1 is commit", failure.Message);
    }

    [Fact]
    public async Task A_dist_signed_for_another_version_than_the_tag_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        await fixture.Sign(version: "2.3.1-2");
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("the dist is version 2.3.1-2, but the release is 2.3.1-1", failure.Message);
    }

    [Fact]
    public async Task A_dist_whose_trusted_comment_the_pipeline_did_not_write_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        // Signed with the very release key, by hand with the stock tool: the signature verifies, the comment is not ours.
        await fixture.Run("minisign", "-S", "-s", Path.Combine(fixture.KeyDirectory, "release.key"), "-m", Path.Combine(fixture.Dist, "SHA256SUMS"),
            "-t", "signed by hand for 2.3.1-1");
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("carries a trusted comment this pipeline does not write ('signed by hand for 2.3.1-1')", failure.Message);
    }
}

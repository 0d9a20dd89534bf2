using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Git;
using OpenH264Build.Publishing;
using OpenH264Build.Tests.Publishing.FakeGitHub;

namespace OpenH264Build.Tests.Publishing;

/// <summary>
/// The Publish stage end to end: a real git clone, a dist signed with real minisign, and Octokit talking
/// HTTP to the fake GitHub on 127.0.0.1.
/// </summary>
public class PublishTests
{
    private const string Token = "ghp_FAKEtoken0123456789abcdefSECRET";
    private const string Ours = "acme/openh264-patched";

    private static async Task<FakeGitHubServer> Server()
    {
        var server = await FakeGitHubServer.Start(Token);
        server.Repository(Ours);
        var upstream = server.Repository("cisco/openh264");
        upstream.Issues[3800] = new FakeIssue { Number = 3800, Title = "Heap overflow in WelsDecodeBs" };
        upstream.Issues[3801] = new FakeIssue { Number = 3801, Title = "Stop after unconcealed error", IsPullRequest = true, State = "closed", Merged = true, MergeCommitSha = "abc123def4567890" };
        upstream.Releases.Add(new FakeRelease { Id = server.NextId(), TagName = "v2.4.0", Draft = false, PublishedAt = DateTimeOffset.UtcNow });
        upstream.TagContains["v2.4.0"] = ["abc123def4567890"];
        return server;
    }

    private static string Normalized(FakeGitHubServer server) => server.Snapshot(Ours).Replace(server.Address.ToString(), "SERVER/");

    [Fact]
    public async Task Clean_publish_uploads_verifies_and_publishes_with_generated_notes()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        var log = new LogCapture();

        await new PublishRun(fixture.Settings(server), log.Logger).Execute();

        var release = Assert.Single(server.Repository(Ours).Releases);
        Assert.False(release.Draft);
        Assert.Equal("true", release.MakeLatest);
        Assert.Equal(Directory.GetFiles(fixture.Dist).Select(Path.GetFileName).Order(), release.Assets.Select(a => a.Name).Order());
        foreach (var asset in release.Assets)
        {
            Assert.Equal("uploaded", asset.State);
            Assert.Equal(DistFile.Read(Path.Combine(fixture.Dist, asset.Name)).Sha256, asset.Sha256);
        }
        var body = release.Body!;
        Assert.Contains("Stop decoding after an unconcealed error", body);
        Assert.Contains("Jane Doe", body);
        Assert.Contains("[cisco/openh264#3800](https://github.com/cisco/openh264/issues/3800) \"Heap overflow in WelsDecodeBs\" (open)", body);
        Assert.Contains("cisco/openh264#3801", body);
        Assert.Contains("merged upstream and released in v2.4.0: candidate to drop", body);
        Assert.Contains("Forwarded upstream: no", body);
        Assert.Contains($"| x86_64 | [pass]({server.Address}{Ours}/releases/download/v2.3.1-1/abi-x86_64.json) | [pass](", body);
        Assert.Contains("minisign -Vm SHA256SUMS -p openh264.pub", body);
        Assert.Contains("sha256sum --check --ignore-missing SHA256SUMS", body);
        Assert.Contains($"{DistFile.Read(Path.Combine(fixture.Dist, "openh264-2.3.1-1-x86_64.tar.gz")).Sha256}  openh264-2.3.1-1-x86_64.tar.gz", body);
        Assert.DoesNotContain(Token, log.Text);
    }

    [Fact]
    public async Task A_publish_killed_mid_way_resumes_to_the_same_end_state_and_a_second_run_changes_nothing()
    {
        using var fixture = await PublishFixture.Create();
        await using var clean = await Server();
        await new PublishRun(fixture.Settings(clean), new LogCapture().Logger).Execute();

        await using var server = await Server();
        using var killed = new CancellationTokenSource();
        server.Faults.Add(new Fault { Method = "POST", PathContains = "/api/uploads/", Kind = FaultKind.KillDuringUpload, After = 3, Then = killed.Cancel });
        var log = new LogCapture();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PublishRun(fixture.Settings(server), log.Logger).Execute(killed.Token));

        // Killed: a draft with some assets and a broken one. Hosts see no release.
        var release = Assert.Single(server.Repository(Ours).Releases);
        Assert.True(release.Draft);
        Assert.Contains(release.Assets, a => a.State == "starter");

        await new PublishRun(fixture.Settings(server), log.Logger).Execute();
        Assert.Equal(Normalized(clean), Normalized(server));
        Assert.Contains("unfinished", string.Join("\n", log.Text), StringComparison.OrdinalIgnoreCase);

        var writes = server.Writes().Count;
        await new PublishRun(fixture.Settings(server), log.Logger).Execute();
        Assert.Equal(writes, server.Writes().Count);
        Assert.Equal(Normalized(clean), Normalized(server));
    }

    [Fact]
    public async Task Different_content_is_an_error_unless_replace_is_given()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        await new PublishRun(fixture.Settings(server), new LogCapture().Logger).Execute();

        await File.WriteAllTextAsync(Path.Combine(fixture.Dist, "provenance.json"), """{"tag": "v2.3.1-1", "rebuilt": true}""");
        await fixture.Sign();
        var failure = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(fixture.Settings(server), new LogCapture().Logger).Execute());
        Assert.Matches("(provenance.json|SHA256SUMS) is already on release v2.3.1-1 with different content", failure.Message);
        Assert.Contains("--replace", failure.Message);

        await new PublishRun(fixture.Settings(server) with { Replace = true }, new LogCapture().Logger).Execute();
        var release = Assert.Single(server.Repository(Ours).Releases);
        Assert.False(release.Draft);
        Assert.Equal(DistFile.Read(Path.Combine(fixture.Dist, "provenance.json")).Sha256, release.Assets.Single(a => a.Name == "provenance.json").Sha256);
        Assert.Equal(DistFile.Read(Path.Combine(fixture.Dist, "SHA256SUMS")).Sha256, release.Assets.Single(a => a.Name == "SHA256SUMS").Sha256);
    }

    [Fact]
    public async Task Dry_run_reads_and_prints_but_writes_nothing()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        var log = new LogCapture();

        await new PublishRun(fixture.Settings(server) with { DryRun = true, NotifyUpstream = true, ForwardUpstream = true }, log.Logger).Execute();

        Assert.Empty(server.Writes());
        Assert.Empty(server.Repository(Ours).Releases);
        Assert.NotEmpty(server.Requests);
        Assert.Contains("[dry-run] would create draft release v2.3.1-1", log.Text);
        Assert.Contains("[dry-run] would upload openh264-2.3.1-1-x86_64.tar.gz (40000 bytes", log.Text);
        Assert.Contains("[dry-run] would publish v2.3.1-1 (marked latest)", log.Text);
        Assert.Contains("[dry-run] would comment on cisco/openh264#3800", log.Text);
        Assert.Contains("[dry-run] would open an issue in cisco/openh264", log.Text);
    }

    [Fact]
    public async Task Notifying_twice_leaves_one_comment_per_upstream_issue()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        var upstream = server.Repository("cisco/openh264");
        // Enough other comments that ours is on a later page: the search must follow the Link header.
        for (var i = 0; i < 130; i++) upstream.Issues[3800].Comments.Add(new FakeComment { Id = server.NextId(), Body = $"me too {i}" });

        await new PublishRun(fixture.Settings(server) with { NotifyUpstream = true }, new LogCapture().Logger).Execute();
        await new PublishRun(fixture.Settings(server) with { NotifyUpstream = true }, new LogCapture().Logger).Execute();

        foreach (var number in new[] { 3800, 3801 })
        {
            var ours = upstream.Issues[number].Comments.Where(c => c.Body.Contains(UpstreamNotifier.Marker(GitHubRepository.Parse(Ours)))).ToList();
            var comment = Assert.Single(ours);
            Assert.Contains($"{server.Address}{Ours}/releases/tag/v2.3.1-1", comment.Body);
        }
        Assert.Equal(131, upstream.Issues[3800].Comments.Count);
    }

    [Fact]
    public async Task Forwarding_opens_one_upstream_issue_and_prints_the_header_change()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        var log = new LogCapture();

        await new PublishRun(fixture.Settings(server) with { ForwardUpstream = true }, log.Logger).Execute();
        await new PublishRun(fixture.Settings(server) with { ForwardUpstream = true }, log.Logger).Execute();

        var opened = Assert.Single(server.Repository("cisco/openh264").Issues.Values, i => i.User == server.Login);
        Assert.Equal("Stop decoding after an unconcealed error", opened.Title);
        Assert.Contains("+new", opened.Body);
        Assert.Contains("-Forwarded: no", log.Text);
        Assert.Contains($"+Forwarded: {server.Address}cisco/openh264/issues/{opened.Number}", log.Text);
        Assert.Contains("--- a/native/patches/0001-stop-after-error.patch", log.Text);
    }

    [Fact]
    public async Task Server_errors_resets_and_rate_limits_are_retried_with_the_wait_logged()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        server.Faults.Add(new Fault { Method = "POST", PathContains = "/api/uploads/", Kind = FaultKind.BadGateway, After = 1 });
        server.Faults.Add(new Fault { Method = "POST", PathContains = "/api/uploads/", Kind = FaultKind.ResetConnection, After = 3 });
        server.Faults.Add(new Fault { Method = "GET", PathContains = "/releases", Kind = FaultKind.RateLimit, Seconds = 120 });
        server.Faults.Add(new Fault { Method = "POST", PathContains = "/api/v3/repos/acme/openh264-patched/releases", Kind = FaultKind.SecondaryRateLimit, Seconds = 30 });
        var log = new LogCapture();

        await new PublishRun(fixture.Settings(server), log.Logger).Execute();

        var release = Assert.Single(server.Repository(Ours).Releases);
        Assert.False(release.Draft);
        Assert.All(release.Assets, a => Assert.Equal("uploaded", a.State));
        Assert.Equal(Directory.GetFiles(fixture.Dist).Length, release.Assets.Count);
        Assert.Matches(@"GitHub rate limit used up \(X-RateLimit-Reset \d\d:\d\d:\d\d UTC\); waiting 1[12]\d(\.\d)? s", log.Text);
        Assert.Contains("GitHub asked to slow down (403, Retry-After 30); waiting 30 s", log.Text);
        Assert.Contains("GitHub answered 502", log.Text);
        Assert.All(server.Faults, f => Assert.Equal(0, f.Times));
        Assert.DoesNotContain(Token, log.Text);
    }

    [Fact]
    public async Task A_bad_token_is_one_line_without_the_token()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        var log = new LogCapture();
        const string wrong = "ghp_WRONGtoken9876543210zyxwvu";

        var failure = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(fixture.Settings(server) with { Token = wrong }, log.Logger).Execute());

        Assert.Contains("401 Unauthorized: the token is missing, expired or wrong", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.DoesNotContain(wrong, failure.Message + log.Text + failure);
        Assert.Empty(server.Writes());
    }

    [Fact]
    public async Task A_token_without_write_permission_and_a_wrong_repository_say_what_is_wrong()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        server.ReadOnlyTokens.Add("ghs_readonly0123456789");

        var forbidden = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(fixture.Settings(server) with { Token = "ghs_readonly0123456789" }, new LogCapture().Logger).Execute());
        Assert.Contains("403 Forbidden", forbidden.Message);
        Assert.Contains("contents: write", forbidden.Message);

        var missing = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(fixture.Settings(server, "acme/no-such-repo"), new LogCapture().Logger).Execute());
        Assert.Contains("404 Not Found: check the repository", missing.Message);
    }

    [Fact]
    public async Task A_newer_published_release_keeps_the_latest_mark()
    {
        using var fixture = await PublishFixture.Create();
        await using var server = await Server();
        server.Repository(Ours).Releases.Add(new FakeRelease { Id = server.NextId(), TagName = "v2.4.0-1", Draft = false, PublishedAt = DateTimeOffset.UtcNow });
        // More releases than one page holds: the draft for our tag must be found on a later page.
        for (var i = 1; i <= 120; i++)
            server.Repository(Ours).Releases.Add(new FakeRelease { Id = server.NextId(), TagName = $"nightly-{i}", Draft = false, PublishedAt = DateTimeOffset.UtcNow });

        await new PublishRun(fixture.Settings(server), new LogCapture().Logger).Execute();

        var ours = Assert.Single(server.Repository(Ours).Releases, r => r.TagName == PublishFixture.Tag);
        Assert.False(ours.Draft);
        Assert.Equal("false", ours.MakeLatest);
    }
}

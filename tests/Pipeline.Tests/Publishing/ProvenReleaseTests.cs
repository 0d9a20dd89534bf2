using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Publishing;
using OpenH264Build.Signing;
using OpenH264Build.Tests.Publishing.FakeGitHub;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Publishing;

/// <summary>
/// A release carries only libraries proven as they are: each with a passing ABI and compatibility verdict of its
/// exact sha256 (the compatibility one with its soak), and only a release version is signed with the release key.
/// </summary>
public class ProvenReleaseTests
{
    private static async Task<(BuildFailure Failure, FakeGitHubServer Server)> Refused(PublishFixture fixture)
    {
        var server = await FakeGitHubServer.Start("ghp_proventoken0123456789");
        server.Repository("acme/openh264-patched");
        var failure = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(fixture.Settings(server), new LogCapture().Logger).Execute());
        Assert.Empty(server.Writes());
        Assert.DoesNotContain('\n', failure.Message);
        return (failure, server);
    }

    /// <summary>What <c>--skip Compat</c> after a change leaves: the new library, its new ABI verdict, the old compatibility one.</summary>
    private static async Task<string> ChangeLibraryAndSkipCompat(PublishFixture fixture)
    {
        var changed = fixture.WriteLibraryPackage("aarch64", "library of aarch64, build 2 (one more patch)");
        await fixture.WriteVerdict("abi", "aarch64", changed);
        return changed;
    }

    [Fact]
    public async Task A_skip_Compat_publish_of_a_changed_library_is_refused_before_any_write()
    {
        using var fixture = await PublishFixture.Create();
        var changed = await ChangeLibraryAndSkipCompat(fixture);
        await fixture.Sign(); // signed below the Sign stage's own check, as an older pipeline or a hand would
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("the dist is not proven for release", failure.Message);
        Assert.Contains($"compat-aarch64.json judged the library with sha256 ", failure.Message);
        Assert.Contains($"but {PublishFixture.PackageName("aarch64")} holds {changed}", failure.Message);
    }

    [Fact]
    public async Task The_Sign_stage_refuses_to_sign_a_changed_library_with_the_release_key()
    {
        using var fixture = await PublishFixture.Create();
        await ChangeLibraryAndSkipCompat(fixture);
        var build = DistFixture.MakeBuild(new Dictionary<string, string>(), ("--signing-key", Path.Combine(fixture.KeyDirectory, "release.key")),
            ("--public-key", fixture.ReleasePublicKey), ("--package-version", "2.3.1-1"));
        var failure = await Assert.ThrowsAsync<SigningFailure>(() => build.SignDist(fixture.Dist, Path.Combine(fixture.KeyDirectory, "dev"), _ => null));
        Assert.Contains("the release key signs only proven libraries", failure.Message);
        Assert.Contains("compat-aarch64.json", failure.Message);
    }

    [Fact]
    public async Task The_release_key_never_signs_a_development_version()
    {
        using var fixture = await PublishFixture.Create();
        var before = File.ReadAllText(Path.Combine(fixture.Dist, Sha256Sums.FileName));
        var build = DistFixture.MakeBuild(new Dictionary<string, string>(), ("--signing-key", Path.Combine(fixture.KeyDirectory, "release.key")),
            ("--public-key", fixture.ReleasePublicKey), ("--package-version", "2.3.1-dev.1a2b3c4d5e6f"));
        var failure = await Assert.ThrowsAsync<SigningFailure>(() => build.SignDist(fixture.Dist, Path.Combine(fixture.KeyDirectory, "dev"), _ => null));
        Assert.Contains("signs only a release version", failure.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(fixture.Dist, Sha256Sums.FileName)));
    }

    [Fact]
    public async Task A_compat_verdict_without_the_soak_is_refused_for_a_release()
    {
        using var fixture = await PublishFixture.Create();
        var library = fixture.WriteLibraryPackage("x86_64", "library of x86_64, build 1");
        await fixture.WriteVerdict("compat", "x86_64", library, soak: false);
        await fixture.Sign();
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("compat-x86_64.json: the soak was not part of the check", failure.Message);
    }

    [Fact]
    public async Task A_report_that_names_no_candidate_digest_binds_nothing()
    {
        using var fixture = await PublishFixture.Create();
        await File.WriteAllTextAsync(Path.Combine(fixture.Dist, "abi-x86_64.json"), """{"arch": "x86_64", "verdict": "pass"}""");
        await fixture.Sign();
        var (failure, server) = await Refused(fixture);
        await using var _ = server;
        Assert.Contains("abi-x86_64.json names no candidateSha256", failure.Message);
    }

    [Fact]
    public async Task Sign_puts_into_the_dist_only_reports_of_the_library_it_holds()
    {
        using var fixture = await PublishFixture.Create();
        using var reports = new TempFolder();
        foreach (var arch in PublishFixture.Arches)
        foreach (var kind in VerdictReport.Kinds)
        {
            File.Move(Path.Combine(fixture.Dist, $"{kind}-{arch}.json"), reports.File($"{kind}-{arch}.json"));
            File.WriteAllText(reports.File($"{kind}-{arch}.md"), $"# {kind} {arch}");
        }
        fixture.WriteLibraryPackage("aarch64", "library of aarch64, build 2 (one more patch)");

        BoundReports.CopyInto(reports.Path, fixture.Dist);

        foreach (var name in new[] { "abi-x86_64.json", "abi-x86_64.md", "compat-x86_64.json", "compat-x86_64.md" })
            Assert.True(File.Exists(Path.Combine(fixture.Dist, name)), name);
        foreach (var name in new[] { "abi-aarch64.json", "abi-aarch64.md", "compat-aarch64.json", "compat-aarch64.md" })
            Assert.False(File.Exists(Path.Combine(fixture.Dist, name)), name);
        Assert.Contains($"{PublishFixture.PackageName("aarch64")}: no compat verdict", string.Join("; ", ReleasePolicy.VerdictProblems(DistFolder.Open(fixture.Dist), new VerdictRequirement(RequireSoak: false))));
    }
}

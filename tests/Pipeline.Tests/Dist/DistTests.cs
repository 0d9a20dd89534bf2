using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Fleet;
using OpenH264Build.Formats;
using OpenH264Build.Publishing;
using OpenH264Build.Reporting;
using OpenH264Build.Signing;
using OpenH264Build.Tests.Publishing;
using OpenH264Build.Tests.Publishing.FakeGitHub;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Distribution;

/// <summary>The one model of a dist: what it reads from a signed release folder, judging nothing.</summary>
public class DistModelTests
{
    [Fact]
    public async Task A_signed_dist_is_read_with_its_files_sums_signature_provenance_and_verdicts()
    {
        using var fixture = await PublishFixture.Create();
        var dist = DistFolder.Open(fixture.Dist);

        var names = Directory.GetFiles(fixture.Dist).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, dist.Files.Select(f => f.Name));
        var tarball = dist.File("openh264-2.3.1-1-x86_64.tar.gz")!;
        Assert.Equal(40_000, tarball.Size);
        Assert.Equal(Sha256Sums.Digest(tarball.Path), tarball.Sha256);

        Assert.True(dist.HasChecksums);
        Assert.Null(dist.ChecksumsProblem);
        Assert.Equal(names.Where(n => n is not "SHA256SUMS" and not "SHA256SUMS.minisig"), dist.Checksums.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(dist.Checksums, c => Assert.Equal(dist.File(c.Name)!.Sha256, c.Sha256));

        Assert.Equal("2.3.1-1", dist.Version);
        Assert.Equal(KeyKind.Release, dist.KeyKind);
        Assert.False(dist.Signature!.Comment!.Development);
        Assert.StartsWith("version=2.3.1-1 commit=", dist.TrustedCommentText);
        Assert.Equal(["openh264-2.3.1-1.intoto.jsonl"], dist.Provenance.Select(p => p.Name));
        Assert.Equal("openh264.pub", dist.PublicKeyFile);

        Assert.Equal(["abi-aarch64.json", "abi-x86_64.json", "compat-aarch64.json", "compat-x86_64.json"], dist.Verdicts.Select(v => v.FileName));
        var library = dist.Libraries.Single(l => l.Arch == "x86_64");
        var compat = dist.Verdicts.Single(v => v.Kind == "compat" && v.Arch == "x86_64");
        Assert.Equal(("pass", library.Sha256, new string('b', 64)), (compat.Verdict, compat.CandidateSha256, compat.BaselineSha256));
        Assert.Equal(new DateTimeOffset(2025, 2, 20, 10, 0, 0, TimeSpan.Zero), compat.CheckedAt);
        Assert.True(compat.SoakIncluded);
        Assert.Equal(3, compat.Soak!.Streams);
        Assert.Null(dist.Verdicts.Single(v => v.Kind == "abi" && v.Arch == "x86_64").Soak);
    }

    [Fact]
    public async Task A_development_signature_and_a_link_are_read_as_such_and_the_link_is_not_followed()
    {
        using var fixture = await PublishFixture.Create(developmentKey: true);
        Directory.CreateDirectory(Path.Combine(fixture.KeyDirectory, "outside"));
        File.WriteAllText(Path.Combine(fixture.KeyDirectory, "outside", "secret.txt"), "not part of the dist");
        Directory.CreateSymbolicLink(Path.Combine(fixture.Dist, "extra"), Path.Combine(fixture.KeyDirectory, "outside"));

        var dist = DistFolder.Open(fixture.Dist);
        Assert.Equal(KeyKind.Development, dist.KeyKind);
        Assert.True(dist.Signature!.Comment!.Development);
        Assert.Equal(["extra"], dist.Links);
        Assert.DoesNotContain(dist.Files, f => f.Name.StartsWith("extra", StringComparison.Ordinal));
    }

    [Fact]
    public void A_report_is_read_tolerantly_by_the_one_reader()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("abi-x86_64.json"), "{ not json");
        File.WriteAllText(folder.File("compat-x86_64.json"), """{"arch": "x86_64", "candidateSha256": "ABC"}""");
        Assert.StartsWith("not valid JSON", VerdictReport.Read(folder.Path, "abi", "x86_64").Problem);
        var compat = VerdictReport.Read(folder.Path, "compat", "x86_64");
        Assert.Equal(("the report has no verdict", "abc"), (compat.Problem, compat.CandidateSha256));
        Assert.False(VerdictReport.Read(folder.Path, "abi", "aarch64").Exists);
        // The page reads the same report through the same reader.
        Assert.Equal("the report has no verdict", CheckReportReader.Read(folder.Path, "compat", "x86_64").Problem);
    }
}

/// <summary>The release policy over the one verifier: a good dist passes, and each way a dist can be wrong is refused with its message.</summary>
public class DistVerifierTests
{
    private static readonly ReleaseRequest Release = new(DistUse.Verify);

    private static Task<ReleaseVerdict> Verify(PublishFixture fixture, ReleaseRequest? request = null, string? key = null) =>
        new ReleasePolicy(request ?? Release).CheckAsync(fixture.Dist, MinisignPublicKey.Load(key ?? fixture.ReleasePublicKey));

    private static async Task<string> Refused(PublishFixture fixture, ReleaseRequest? request = null, string? key = null) =>
        (await Assert.ThrowsAsync<VerificationFailure>(() => Verify(fixture, request, key))).Message;

    [Fact]
    public async Task A_good_dist_passes_with_every_check()
    {
        using var fixture = await PublishFixture.Create();
        var verdict = await Verify(fixture, Release with { Version = "v2.3.1-1" });
        Assert.Equal("2.3.1-1", verdict.Version);
        Assert.Equal(["aarch64", "x86_64"], verdict.Arches);
        Assert.StartsWith("release 2.3.1-1 passes the release policy: signed by the release key, apt repository by the release repository key", verdict.Sentence);
    }

    [Fact]
    public async Task A_changed_file_is_refused_with_both_digests()
    {
        using var fixture = await PublishFixture.Create();
        var path = Path.Combine(fixture.Dist, "provenance.json");
        var listed = Sha256Sums.Digest(path);
        await File.AppendAllTextAsync(path, " ");
        Assert.Contains($"provenance.json: sha256 is {Sha256Sums.Digest(path)}, SHA256SUMS says {listed}", await Refused(fixture));
    }

    [Fact]
    public async Task An_unlisted_file_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        await File.WriteAllTextAsync(Path.Combine(fixture.Dist, "extra.txt"), "smuggled");
        Assert.Contains("extra.txt: not listed in SHA256SUMS", await Refused(fixture));
    }

    [Fact]
    public async Task A_file_listed_twice_is_refused_even_when_signed()
    {
        using var fixture = await PublishFixture.Create();
        var sums = Path.Combine(fixture.Dist, Sha256Sums.FileName);
        var line = File.ReadLines(sums).First(l => l.EndsWith("provenance.json"));
        File.AppendAllText(sums, line.Replace("  ", " *") + "\n");
        var comment = MinisignSignature.Load(Path.Combine(fixture.Dist, ReleaseSigner.SignatureFileName)).TrustedComment;
        await fixture.Run("minisign", "-S", "-s", Path.Combine(fixture.KeyDirectory, "release.key"), "-m", sums, "-t", comment);
        Assert.Contains("SHA256SUMS lists provenance.json 2 times: a release lists each file once", await Refused(fixture));
    }

    [Fact]
    public async Task A_bad_signature_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        var path = Path.Combine(fixture.Dist, ReleaseSigner.SignatureFileName);
        var lines = File.ReadAllLines(path);
        var signature = Convert.FromBase64String(lines[1]);
        signature[20] ^= 1;
        lines[1] = Convert.ToBase64String(signature);
        File.WriteAllLines(path, lines);
        Assert.Contains("SHA256SUMS.minisig: signature does not match SHA256SUMS", await Refused(fixture));
    }

    [Fact]
    public async Task A_dist_checked_with_another_key_is_refused_naming_both_key_ids()
    {
        using var fixture = await PublishFixture.Create();
        var other = Path.Combine(fixture.KeyDirectory, "other.pub");
        await fixture.Run("minisign", "-G", "-W", "-f", "-p", other, "-s", Path.Combine(fixture.KeyDirectory, "other.key"));
        Assert.Contains($"signed by key {MinisignPublicKey.Load(fixture.ReleasePublicKey).KeyIdText}, not by the given public key {MinisignPublicKey.Load(other).KeyIdText}",
            await Refused(fixture, key: other));
    }

    [Fact]
    public async Task A_development_key_is_refused_unless_allowed_with_its_key_and_with_the_release_key()
    {
        using var fixture = await PublishFixture.Create(developmentKey: true);
        var developmentKey = Path.Combine(fixture.Dist, ReleaseSigner.PublicKeyFileName);
        const string refusal = "version 2.3.1-1 is signed with a development key, a local build that must not be deployed (--allow-development accepts it)";
        Assert.Equal(refusal, await Refused(fixture, key: developmentKey));
        // Its signature cannot check out with the release key: the comment it claims says why.
        Assert.Equal(refusal, await Refused(fixture));
        var lab = await Verify(fixture, Release with { AllowDevelopment = true }, developmentKey);
        Assert.True(lab.DevelopmentSignature);
        Assert.StartsWith("lab: development release allowed: release 2.3.1-1 passes", lab.Sentence);
    }

    [Fact]
    public async Task Another_version_than_the_expected_one_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        Assert.Equal("the release is version 2.3.1-1, but version 2.3.1-2 is expected: refusing another (or an older) release",
            await Refused(fixture, Release with { Version = "2.3.1-2" }));
    }

    [Fact]
    public async Task A_verdict_of_other_bits_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        var changed = fixture.WriteLibraryPackage("x86_64", "library of x86_64, build 2");
        await fixture.WriteVerdict("abi", "x86_64", changed);
        await fixture.Sign();
        var message = await Refused(fixture);
        Assert.StartsWith("not a release, 3 problems: compat-x86_64.json judged the library with sha256 ", message);
        Assert.Contains($"openh264-fleet.json: librarySha256 of x86_64 is ", message);
        Assert.Contains($"{PublishFixture.DebName("x86_64")} installs a library with sha256 ", message);
        Assert.Contains($"but {PublishFixture.PackageName("x86_64")} holds {changed}", message);
    }

    [Fact]
    public async Task A_failing_verdict_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        var library = DistFolder.Open(fixture.Dist).Libraries.Single(l => l.Arch == "aarch64").Sha256;
        await File.WriteAllTextAsync(Path.Combine(fixture.Dist, "abi-aarch64.json"), $$"""{"verdict": "fail", "arch": "aarch64", "candidateSha256": "{{library}}"}""");
        await fixture.Sign();
        Assert.Contains("abi-aarch64.json: the verdict is 'fail', not 'pass'", await Refused(fixture));
    }

    [Fact]
    public async Task A_compat_run_without_the_soak_is_refused_by_the_release_policy_though_the_run_was_complete()
    {
        using var fixture = await PublishFixture.Create();
        var library = DistFolder.Open(fixture.Dist).Libraries.Single(l => l.Arch == "x86_64").Sha256;
        await fixture.WriteVerdict("compat", "x86_64", library, soak: false);
        await fixture.Sign();
        Assert.Equal("not a release: compat-x86_64.json: the soak was not part of the check (soak.included is not true); a release needs a full Compat run",
            await Refused(fixture));
        Assert.Empty(ReleasePolicy.VerdictProblems(DistFolder.Open(fixture.Dist), new VerdictRequirement(RequireSoak: false)));
    }
}

/// <summary>Sign, Verify, Publish, the report page and Rollout all judge a dist with the one verifier: each refuses a tampered dist.</summary>
public class DistCallerTests
{
    private static async Task<PublishFixture> Tampered()
    {
        var fixture = await PublishFixture.Create();
        await File.AppendAllTextAsync(Path.Combine(fixture.Dist, "provenance.json"), " ");
        return fixture;
    }

    private static void ThrownByTheVerifier(Exception e) => Assert.Contains(nameof(DistVerifier) + ".", e.StackTrace);

    private static void ThrownByThePolicy(Exception e) => Assert.Contains(nameof(ReleasePolicy) + ".", e.StackTrace);

    [Fact]
    public async Task Sign_refuses_the_release_key_for_a_dist_whose_verdicts_are_not_of_its_libraries()
    {
        using var fixture = await PublishFixture.Create();
        fixture.WriteLibraryPackage("aarch64", "library of aarch64, tampered");
        var build = DistFixture.MakeBuild(new Dictionary<string, string>(), ("--signing-key", Path.Combine(fixture.KeyDirectory, "release.key")),
            ("--public-key", fixture.ReleasePublicKey), ("--package-version", "2.3.1-1"));
        var failure = await Assert.ThrowsAsync<SigningFailure>(() => build.SignDist(fixture.Dist, Path.Combine(fixture.KeyDirectory, "dev"), _ => null));
        Assert.Contains("the release key signs only proven libraries", failure.Message);
        ThrownByThePolicy(failure);
    }

    [Fact]
    public async Task Sign_refuses_the_release_key_for_a_dist_whose_verdict_fails()
    {
        using var fixture = await PublishFixture.Create();
        var library = DistFolder.Open(fixture.Dist).Libraries.Single(l => l.Arch == "x86_64").Sha256;
        await fixture.WriteVerdict("abi", "x86_64", library, verdict: "fail"); // bound, complete, and failed
        var build = DistFixture.MakeBuild(new Dictionary<string, string>(), ("--signing-key", Path.Combine(fixture.KeyDirectory, "release.key")),
            ("--public-key", fixture.ReleasePublicKey), ("--package-version", "2.3.1-1"));
        var failure = await Assert.ThrowsAsync<SigningFailure>(() => build.SignDist(fixture.Dist, Path.Combine(fixture.KeyDirectory, "dev"), _ => null));
        Assert.Contains("abi-x86_64.json: the verdict is 'fail', not 'pass'", failure.Message);
        ThrownByThePolicy(failure);
    }

    [Fact]
    public async Task Verify_refuses_a_tampered_dist()
    {
        using var fixture = await Tampered();
        var result = await BuildProcess.RunAsync(fixture.Root, "Verify", "--dist", fixture.Dist, "--public-key", fixture.ReleasePublicKey);
        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single((result.StandardOutput + result.StandardError).Split('\n'), l => l.Contains("Verify failed:"));
        Assert.Contains("provenance.json: sha256 is", line);
    }

    [Fact]
    public async Task Publish_refuses_a_tampered_dist_before_any_write()
    {
        using var fixture = await Tampered();
        await using var server = await FakeGitHubServer.Start("ghp_disttoken0123456789");
        server.Repository("acme/openh264-patched");
        var failure = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(fixture.Settings(server), new LogCapture().Logger).Execute());
        Assert.Contains("provenance.json does not match its line in SHA256SUMS: the dist changed after it was signed", failure.Message);
        Assert.Empty(server.Writes());
        ThrownByTheVerifier(failure);
    }

    [Fact]
    public async Task Publish_refuses_a_development_key_in_its_own_words()
    {
        using var fixture = await PublishFixture.Create(developmentKey: true);
        await using var server = await FakeGitHubServer.Start("ghp_disttoken0123456789");
        server.Repository("acme/openh264-patched");
        var failure = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(fixture.Settings(server), new LogCapture().Logger).Execute());
        Assert.StartsWith("the dist is signed with a development key (trusted comment: 'version=2.3.1-1 ", failure.Message);
        Assert.EndsWith("key=development'): sign it with the release key before publishing", failure.Message);
        ThrownByTheVerifier(failure);
    }

    [Fact]
    public async Task The_report_page_shows_a_tampered_dist_as_not_verifying()
    {
        using var fixture = await PublishFixture.Create();
        using var reports = new TempFolder();
        var good = await RunReportReader.Read([], [], reports.Path, fixture.Dist);
        Assert.Equal((SignatureState.Verified, SigningKeyKind.Release), (good.Signature.State, good.Signature.KeyKind));
        Assert.Equal(DistFolder.Open(fixture.Dist).Files.Select(f => (f.Name, f.Size, f.Sha256)), good.Packages.Select(p => (p.Name, p.Size, p.Sha256)));

        await File.AppendAllTextAsync(Path.Combine(fixture.Dist, "provenance.json"), " ");
        var tampered = await RunReportReader.Read([], [], reports.Path, fixture.Dist);
        Assert.Equal(SignatureState.Invalid, tampered.Signature.State);
        Assert.Contains("provenance.json: sha256 is", tampered.Signature.Detail);
    }

    [Fact]
    public async Task Rollout_refuses_a_tampered_release()
    {
        using var fixture = await Tampered();
        var failure = await Assert.ThrowsAsync<VerificationFailure>(() => VerifiedFleetRelease.OpenAsync(fixture.Dist, fixture.ReleasePublicKey));
        Assert.Contains("provenance.json: sha256 is", failure.Message);
        ThrownByTheVerifier(failure);
    }
}

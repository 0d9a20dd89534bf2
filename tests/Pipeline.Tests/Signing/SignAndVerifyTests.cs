using System.Text.Json.Nodes;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Compilation;
using OpenH264Build.Dist;
using OpenH264Build.Elf;
using OpenH264Build.Formats;
using OpenH264Build.Host;
using OpenH264Build.Signing;

namespace OpenH264Build.Tests.Signing;

/// <summary>A key pair made by stock minisign without a password, shared by the tests that sign with a release key.</summary>
public sealed class PlainMinisignKey : IAsyncLifetime
{
    public TempFolder Folder { get; } = new();
    public string PublicKeyPath => Folder.File("release.pub");
    public string SecretKeyPath => Folder.File("release.key");
    public string OtherPublicKeyPath => Folder.File("other.pub");
    public async Task InitializeAsync()
    {
        await StockMinisign.GenerateKey(Folder.Path, PublicKeyPath, SecretKeyPath, password: null);
        await StockMinisign.GenerateKey(Folder.Path, OtherPublicKeyPath, Folder.File("other.key"), password: null);
    }
    public Task DisposeAsync() { Folder.Dispose(); return Task.CompletedTask; }
}

/// <summary>Sign a dist as the build does, then check it with stock tools and with Verify; then break it in every way a download can break.</summary>
public class SignAndVerifyTests(PlainMinisignKey keys) : IClassFixture<PlainMinisignKey>
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private async Task<DistFixture> SignedDist(Action<Build>? stagesBefore = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dist = new DistFixture();
        var build = DistFixture.MakeBuild(environment ?? NoEnvironment, ("--signing-key", keys.SecretKeyPath), ("--public-key", keys.PublicKeyPath), ("--package-version", "2.6.0-1"));
        stagesBefore?.Invoke(build);
        await dist.Sign(build);
        return dist;
    }

    private static async Task<BufferedCommandResult> Tool(string folder, string tool, params string[] args) =>
        await Cli.Wrap(tool).WithArguments(args).WithWorkingDirectory(folder).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    private VerificationFailure VerifyFails(DistFixture dist, string? publicKey = null) =>
        Assert.Throws<VerificationFailure>(() => new DistVerifier().Verify(dist.Dist, MinisignPublicKey.Load(publicKey ?? keys.PublicKeyPath)));

    [Fact]
    public async Task A_signed_dist_checks_out_with_sha256sum_stock_minisign_and_Verify()
    {
        using var dist = await SignedDist();

        Assert.Equal(
            ["SHA256SUMS", "SHA256SUMS.minisig", .. DistFixture.Tarballs, "openh264-2.6.0-1.intoto.jsonl", "openh264-2.6.0-1.intoto.jsonl.minisig", "openh264.pub"],
            Sha256Sums.ListFiles(dist.Dist).Order(StringComparer.Ordinal));
        var sums = await Tool(dist.Dist, "sha256sum", "-c", "--strict", "SHA256SUMS");
        Assert.True(sums.ExitCode == 0, sums.StandardError + sums.StandardOutput);
        Assert.Equal(5, sums.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // 2 tarballs, provenance + its signature, public key

        var minisign = await StockMinisign.Run(dist.Dist, null, "-V", "-H", "-p", keys.PublicKeyPath, "-m", "SHA256SUMS");
        Assert.True(minisign.ExitCode == 0, minisign.StandardError + minisign.StandardOutput);
        Assert.Matches(@"Trusted comment: version=2\.6\.0-1 commit=[0-9a-f]{40} time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ key=release", minisign.StandardOutput);
        var provenance = await StockMinisign.Run(dist.Dist, null, "-V", "-p", "openh264.pub", "-m", "openh264-2.6.0-1.intoto.jsonl");
        Assert.True(provenance.ExitCode == 0, provenance.StandardError + provenance.StandardOutput);
        Assert.Equal(File.ReadAllText(keys.PublicKeyPath).Split('\n')[1], File.ReadAllText(dist.PathOf("openh264.pub")).Split('\n')[1]);

        var verified = new DistVerifier().Verify(dist.Dist, MinisignPublicKey.Load(keys.PublicKeyPath));
        Assert.Equal(5, verified.FileCount);
        Assert.False(verified.TrustedComment!.Development);
        Assert.Equal("2.6.0-1", verified.TrustedComment.Version);
    }

    [Fact]
    public async Task The_provenance_is_a_signed_SLSA_statement_of_every_tarball_without_secrets()
    {
        const string source = "https://example.org/openh264/v2.6.0.tar.gz";
        var sourceDigest = new string('a', 64);
        var imageDigest = new string('b', 64);
        // A password given as CI gives it (the key has none, so it goes unused): it must not be recorded either.
        const string password = "planted-password-for-provenance";
        var baselineLibrary = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.so");
        using var dist = await SignedDist(build =>
        {
            // What Fetch and Toolchain hand on when they run.
            build.Context.Results.Add(new OpenH264Build.Source.FetchedSource("unused.tar.xz", new ProvenanceSourcePin(source, sourceDigest)));
            build.Context.Results.Add(new OpenH264Build.Compilation.BuiltToolchain("openh264-build/toolchain:test", "sha256:" + imageDigest));
            // What Baseline hands on: the library each arch was judged against.
            File.WriteAllText(baselineLibrary, "a baseline library's bytes");
            build.Context.Results.Add(new OpenH264Build.Baselines.ChosenBaselines(new Dictionary<TargetArch, OpenH264Build.Baselines.BaselineLibrary>
            {
                [TargetArch.X86_64] = new(OpenH264Build.Baselines.BaselineSource.Upstream, "unpatched upstream, built by this pipeline",
                    new OpenH264Build.Elf.NativeBuildOutput(baselineLibrary)),
            }));
        }, new Dictionary<string, string> { ["OPENH264_SIGNING_KEY_PASSWORD"] = password });
        var line = File.ReadAllLines(dist.PathOf("openh264-2.6.0-1.intoto.jsonl")).Single();
        var statement = DsseEnvelope.Open(line, MinisignPublicKey.Load(keys.PublicKeyPath), "provenance");

        Assert.Equal("https://in-toto.io/Statement/v1", (string?)statement["_type"]);
        Assert.Equal("https://slsa.dev/provenance/v1", (string?)statement["predicateType"]);
        var subjects = ProvenanceStatement.Subjects(statement, "provenance");
        Assert.Equal(DistFixture.Tarballs, subjects.Select(s => s.Name));
        Assert.All(subjects, s => Assert.Equal(Sha256Sums.Digest(dist.PathOf(s.Name)), s.Sha256));

        var definition = statement["predicate"]!["buildDefinition"]!;
        var external = definition["externalParameters"]!.AsObject();
        Assert.Equal(new JsonArray("x86_64", "aarch64").ToJsonString(), external["arch"]!.ToJsonString());
        Assert.False(external.ContainsKey("signing-key"));
        Assert.False(external.ContainsKey("signing-key-password"));
        Assert.Equal("release", (string?)definition["internalParameters"]!["signing"]!["kind"]);
        Assert.Contains(definition["internalParameters"]!["targets"]!.AsArray(), t => (string?)t!["name"] == "Package");
        var dependencies = definition["resolvedDependencies"]!.AsArray();
        Assert.Matches("^[0-9a-f]{40}$", (string?)dependencies[0]!["digest"]!["gitCommit"]);
        Assert.Contains(dependencies, d => (string?)d!["uri"] == source && (string?)d["digest"]!["sha256"] == sourceDigest);
        Assert.Contains(dependencies, d => (string?)d!["name"] == "toolchain-image" && (string?)d["digest"]!["sha256"] == imageDigest);
        Assert.Contains(dependencies, d => (string?)d!["name"] == "baseline/x86_64" && (string?)d["digest"]!["sha256"] == Util.Sha256.OfFile(baselineLibrary)
            && (string?)d["annotations"]!["source"] == "upstream");
        File.Delete(baselineLibrary);
        var run = statement["predicate"]!["runDetails"]!;
        Assert.Equal(ProvenanceStatement.LocalBuilderId, (string?)run["builder"]!["id"]);
        Assert.NotNull((string?)run["metadata"]!["startedOn"]);
        Assert.NotNull((string?)run["metadata"]!["finishedOn"]);
        Assert.DoesNotContain(File.ReadAllText(keys.SecretKeyPath).Split('\n')[1], line);
        Assert.DoesNotContain(password, statement.ToJsonString());
    }

    [Fact]
    public async Task The_GitHub_Actions_run_is_recorded_when_there_is_one()
    {
        using var dist = new DistFixture();
        var build = DistFixture.MakeBuild(NoEnvironment, ("--signing-key", keys.SecretKeyPath), ("--package-version", "2.6.0-1"));
        var github = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_REPOSITORY"] = "example/openh264-build",
            ["GITHUB_RUN_ID"] = "42", ["GITHUB_RUN_ATTEMPT"] = "2", ["GITHUB_WORKFLOW_REF"] = "example/openh264-build/.github/workflows/ci.yml@refs/heads/main",
        };
        await dist.Sign(build, github);
        var statement = DsseEnvelope.Open(File.ReadAllLines(dist.PathOf("openh264-2.6.0-1.intoto.jsonl")).Single(), MinisignPublicKey.Load(keys.PublicKeyPath), "p");
        var run = statement["predicate"]!["runDetails"]!;
        Assert.Equal("https://github.com/example/openh264-build/actions/runs/42/attempts/2", (string?)run["metadata"]!["invocationId"]);
        Assert.Equal("https://github.com/example/openh264-build/.github/workflows/ci.yml@refs/heads/main", (string?)run["builder"]!["id"]);
    }

    [Fact, System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Without_a_key_a_reused_development_key_signs_and_says_so()
    {
        using var dist = new DistFixture();
        var first = await dist.Sign(DistFixture.MakeBuild(NoEnvironment, ("--package-version", "2.6.0-1")));
        Assert.True(first.TrustedComment.Development);
        Assert.True(File.Exists(Path.Combine(dist.DevelopmentKeys, DevelopmentKey.SecretKeyFileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dist.DevelopmentKeys, DevelopmentKey.SecretKeyFileName)));

        var second = await dist.Sign(DistFixture.MakeBuild(NoEnvironment, ("--package-version", "2.6.0-1")));
        Assert.Equal(first.KeyId, second.KeyId);
        var minisign = await StockMinisign.Run(dist.Dist, null, "-V", "-p", "openh264.pub", "-m", "SHA256SUMS");
        Assert.True(minisign.ExitCode == 0, minisign.StandardError);
        Assert.Contains("key=development", minisign.StandardOutput);
        var developmentKey = MinisignPublicKey.Load(dist.PathOf("openh264.pub"));
        var verified = new DistVerifier().Verify(dist.Dist, developmentKey);
        Assert.True(verified.TrustedComment!.Development);
        Assert.Throws<VerificationFailure>(() => new DistVerifier().Verify(dist.Dist, developmentKey, new DistExpectations()));
    }

    [Fact]
    public async Task A_tampered_tarball_is_named_with_both_digests()
    {
        using var dist = await SignedDist();
        var name = DistFixture.Tarballs[1];
        var listed = Sha256Sums.Digest(dist.PathOf(name));
        var bytes = File.ReadAllBytes(dist.PathOf(name));
        bytes[100] ^= 0xff;
        File.WriteAllBytes(dist.PathOf(name), bytes);
        var actual = Sha256Sums.Digest(dist.PathOf(name));

        var e = VerifyFails(dist);
        Assert.Contains($"{name}: sha256 is {actual}, SHA256SUMS says {listed}", e.Message);
        Assert.Contains($"{name}: sha256 is {actual}, the provenance says {listed}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var stock = await Tool(dist.Dist, "sha256sum", "-c", "SHA256SUMS");
        Assert.NotEqual(0, stock.ExitCode);
    }

    [Fact]
    public async Task A_tampered_SHA256SUMS_fails_its_signature()
    {
        using var dist = await SignedDist();
        // Make the list agree with a swapped tarball: only the signature can tell.
        var text = File.ReadAllText(dist.PathOf("SHA256SUMS"));
        File.WriteAllBytes(dist.PathOf(DistFixture.Tarballs[0]), [1, 2, 3]);
        var line = text.Split('\n').First(l => l.EndsWith(DistFixture.Tarballs[0]));
        File.WriteAllText(dist.PathOf("SHA256SUMS"), text.Replace(line, $"{Sha256Sums.Digest(dist.PathOf(DistFixture.Tarballs[0]))}  {DistFixture.Tarballs[0]}"));

        var e = VerifyFails(dist);
        Assert.Contains("SHA256SUMS.minisig: signature does not match SHA256SUMS", e.Message);
        var stock = await StockMinisign.Run(dist.Dist, null, "-V", "-p", keys.PublicKeyPath, "-m", "SHA256SUMS");
        Assert.NotEqual(0, stock.ExitCode);
    }

    [Fact]
    public async Task A_tampered_signature_or_trusted_comment_is_caught()
    {
        using var dist = await SignedDist();
        var lines = File.ReadAllLines(dist.PathOf("SHA256SUMS.minisig"));
        var original = string.Join('\n', lines) + "\n";

        lines[2] = lines[2].Replace("key=release", "key=release extra=1");
        File.WriteAllText(dist.PathOf("SHA256SUMS.minisig"), string.Join('\n', lines) + "\n");
        Assert.Contains("trusted comment's signature does not match", VerifyFails(dist).Message);

        var signature = Convert.FromBase64String(original.Split('\n')[1]);
        signature[20] ^= 1;
        File.WriteAllText(dist.PathOf("SHA256SUMS.minisig"), original.Replace(original.Split('\n')[1], Convert.ToBase64String(signature)));
        Assert.Contains("SHA256SUMS.minisig: signature does not match SHA256SUMS", VerifyFails(dist).Message);
    }

    [Fact]
    public async Task An_extra_file_is_caught_as_unlisted()
    {
        using var dist = await SignedDist();
        File.WriteAllText(dist.PathOf("libopenh264.so.7"), "not from the pipeline");
        var e = VerifyFails(dist);
        Assert.Contains($"libopenh264.so.7: not listed in SHA256SUMS (sha256 {Sha256Sums.Digest(dist.PathOf("libopenh264.so.7"))})", e.Message);
    }

    [Fact]
    public async Task A_missing_file_is_caught_with_its_listed_digest()
    {
        using var dist = await SignedDist();
        var name = DistFixture.Tarballs[0];
        var digest = Sha256Sums.Digest(dist.PathOf(name));
        File.Delete(dist.PathOf(name));
        var e = VerifyFails(dist);
        Assert.Contains($"{name}: missing (SHA256SUMS says sha256 {digest})", e.Message);
    }

    [Fact]
    public async Task A_release_checked_with_another_key_names_both_key_ids()
    {
        using var dist = await SignedDist();
        var e = VerifyFails(dist, keys.OtherPublicKeyPath);
        Assert.Contains($"signed by key {MinisignPublicKey.Load(keys.PublicKeyPath).KeyIdText}, not by the given public key {MinisignPublicKey.Load(keys.OtherPublicKeyPath).KeyIdText}", e.Message);
    }

    [Fact]
    public async Task A_signing_key_that_is_not_the_release_key_is_refused_and_dist_stays_as_it_was()
    {
        using var dist = new DistFixture();
        var before = dist.Snapshot();
        var build = DistFixture.MakeBuild(NoEnvironment, ("--signing-key", keys.SecretKeyPath), ("--public-key", keys.OtherPublicKeyPath));
        var e = await Assert.ThrowsAsync<SigningFailure>(() => dist.Sign(build));
        Assert.Contains($"is not the release key {MinisignPublicKey.Load(keys.OtherPublicKeyPath).KeyIdText}", e.Message);
        Assert.Equal(before, dist.Snapshot());
    }

    [Fact]
    public async Task A_malformed_key_in_SIGNING_KEY_is_refused_and_dist_stays_as_it_was()
    {
        using var dist = new DistFixture();
        var before = dist.Snapshot();
        var build = DistFixture.MakeBuild(new Dictionary<string, string> { ["OPENH264_SIGNING_KEY"] = "untrusted comment: x\nRWQAAEIyAAAAAAAA\n" });
        var e = await Assert.ThrowsAsync<SigningFailure>(() => dist.Sign(build));
        Assert.StartsWith("signing key", e.Message);
        Assert.Equal(before, dist.Snapshot());
    }

    [Fact]
    public async Task Signing_again_replaces_the_earlier_signature_files()
    {
        using var dist = await SignedDist();
        var build = DistFixture.MakeBuild(NoEnvironment, ("--signing-key", keys.SecretKeyPath), ("--package-version", "2.6.0-2"));
        await dist.Sign(build);
        Assert.False(File.Exists(dist.PathOf("openh264-2.6.0-1.intoto.jsonl")));
        Assert.True(File.Exists(dist.PathOf("openh264-2.6.0-2.intoto.jsonl")));
        new DistVerifier().Verify(dist.Dist, MinisignPublicKey.Load(keys.PublicKeyPath));
    }
}

using OpenH264Build.Formats;
using OpenH264Build.Signing;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Dist;
using OpenH264Build.Tests.Fleet;
using OpenH264Build.Tests.Publishing;

namespace OpenH264Build.Tests.Signing;

/// <summary>
/// Keys stay in their job: Package assembles the apt repository unsigned, and Sign signs it with the repository key
/// it alone reads, after checking that it holds exactly the dist's packages; the release key refuses a development
/// repository key.
/// </summary>
public class RepositorySigningTests
{
    private static async Task<(string Apt, Build Build)> Unsigned(PublishFixture fixture, string? repositoryKey)
    {
        var apt = Path.Combine(fixture.KeyDirectory, "apt");
        await AptRepository.AssembleAsync(Directory.GetFiles(fixture.Dist, "*.deb"), Path.Combine(fixture.KeyDirectory, "scratch"), apt, default);
        (string, string)[] options = [("--signing-key", Path.Combine(fixture.KeyDirectory, "release.key")), ("--public-key", fixture.ReleasePublicKey),
            ("--package-version", "2.3.1-1")];
        if (repositoryKey is not null) options = [.. options, ("--repository-key", repositoryKey)];
        return (apt, DistFixture.MakeBuild(new Dictionary<string, string>(), options));
    }

    private static async Task<BufferedCommandResult> Gpg(string home, params string[] arguments) =>
        await Cli.Wrap("gpg").WithArguments(["--batch", "--homedir", home, .. arguments]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    [Fact]
    public async Task Sign_signs_the_unsigned_repository_with_the_release_repository_key_and_names_it_in_the_manifest()
    {
        using var fixture = await PublishFixture.Create();
        var (apt, build) = await Unsigned(fixture, await TestRepositoryKey.CreateAsync(fixture.KeyDirectory));
        var suite = Path.Combine(apt, "dists", AptRepository.Suite);
        Assert.True(File.Exists(Path.Combine(suite, "Release")));
        Assert.False(File.Exists(Path.Combine(suite, "InRelease")), "the build job's repository is unsigned");

        await build.SignDist(fixture.Dist, Path.Combine(fixture.KeyDirectory, "dev"), _ => null, apt);

        var manifest = FleetManifest.Read(fixture.Dist);
        Assert.False(manifest.DevelopmentKey);
        Assert.Matches("^[0-9A-F]{40}$", manifest.RepositoryKeyFingerprint);
        Assert.Contains(manifest.RepositoryKeyFile, File.ReadAllText(Path.Combine(fixture.Dist, "SHA256SUMS")));
        var home = Directory.CreateTempSubdirectory("gpg-check-").FullName;
        try
        {
            Assert.Equal(0, (await Gpg(home, "--import", Path.Combine(fixture.Dist, manifest.RepositoryKeyFile))).ExitCode);
            var inRelease = await Gpg(home, "--status-fd", "1", "--verify", Path.Combine(suite, "InRelease"));
            Assert.True(inRelease.ExitCode == 0, inRelease.StandardError);
            Assert.Contains($"VALIDSIG {manifest.RepositoryKeyFingerprint}", inRelease.StandardOutput);
            Assert.Equal(0, (await Gpg(home, "--verify", Path.Combine(suite, "Release.gpg"), Path.Combine(suite, "Release"))).ExitCode);
        }
        finally
        {
            await Cli.Wrap("gpgconf").WithArguments(["--homedir", home, "--kill", "gpg-agent"]).WithValidation(CommandResultValidation.None).ExecuteAsync();
            Directory.Delete(home, recursive: true);
        }
        var verdict = await new ReleasePolicy(new ReleaseRequest(DistUse.Verify)).CheckAsync(fixture.Dist, MinisignPublicKey.Load(fixture.ReleasePublicKey));
        Assert.False(verdict.DevelopmentRepositoryKey);
    }

    [Fact]
    public async Task A_repository_holding_a_package_that_is_not_in_the_dist_is_not_signed()
    {
        using var fixture = await PublishFixture.Create();
        var (apt, build) = await Unsigned(fixture, await TestRepositoryKey.CreateAsync(fixture.KeyDirectory));
        var pooled = Directory.GetFiles(Path.Combine(apt, "pool"), "*amd64.deb", SearchOption.AllDirectories).Single();
        File.AppendAllText(pooled, "tampered");
        var failure = await Assert.ThrowsAsync<SigningFailure>(() => build.SignDist(fixture.Dist, Path.Combine(fixture.KeyDirectory, "dev"), _ => null, apt));
        Assert.StartsWith($"the apt repository holds {Path.GetFileName(pooled)} (sha256 ", failure.Message);
        Assert.EndsWith("which is not a package of the dist: refusing to sign it", failure.Message);
        Assert.False(File.Exists(Path.Combine(apt, "dists", AptRepository.Suite, "InRelease")));
    }

    [Fact]
    public async Task The_release_key_refuses_a_development_repository_key()
    {
        using var fixture = await PublishFixture.Create();
        var before = File.ReadAllText(Path.Combine(fixture.Dist, "SHA256SUMS"));
        var (apt, build) = await Unsigned(fixture, repositoryKey: null);
        var failure = await Assert.ThrowsAsync<SigningFailure>(() => build.SignDist(fixture.Dist, Path.Combine(fixture.KeyDirectory, "dev"), _ => null, apt));
        Assert.StartsWith("the release key signs only with the release repository key: give --repository-key (or OPENH264_REPOSITORY_KEY)", failure.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(fixture.Dist, "SHA256SUMS")));
    }
}

using OpenH264Build.Dist;
using OpenH264Build.Formats;
using OpenH264Build.Signing;
using OpenH264Build.Tests.Publishing;

namespace OpenH264Build.Tests.Signing;

/// <summary>
/// Verify as a fleet host runs it (<c>./build.sh Verify</c>, exit code and one-line message): it follows no link,
/// reads each file once from SHA256SUMS, takes the version the host expects, refuses a development signature unless
/// asked, and refuses a library without passing verdicts of its exact bits.
/// </summary>
public class VerifyPolicyTests
{
    private static async Task<(int Exit, string Output)> Verify(PublishFixture fixture, string publicKey, params string[] more)
    {
        var result = await BuildProcess.RunAsync(fixture.Root, ["Verify", "--dist", fixture.Dist, "--public-key", publicKey, .. more]);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    private static string FailureLine(string output) => Assert.Single(output.Split('\n'), l => l.Contains("Verify failed:"));

    [Fact]
    public async Task A_development_dist_fails_Verify_unless_development_builds_are_allowed()
    {
        using var fixture = await PublishFixture.Create(developmentKey: true);
        var developmentKey = Path.Combine(fixture.Dist, ReleaseSigner.PublicKeyFileName);

        var (exit, output) = await Verify(fixture, developmentKey);
        Assert.NotEqual(0, exit);
        Assert.Contains("signed with a development key", FailureLine(output));
        Assert.Contains("--allow-development", FailureLine(output));

        (exit, output) = await Verify(fixture, developmentKey, "--allow-development");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task A_release_of_another_version_than_the_expected_one_fails()
    {
        using var fixture = await PublishFixture.Create();
        var (exit, output) = await Verify(fixture, fixture.ReleasePublicKey, "--expected-version", "2.3.1-2");
        Assert.NotEqual(0, exit);
        Assert.Contains("the release is version 2.3.1-1, but version 2.3.1-2 is expected", FailureLine(output));

        (exit, output) = await Verify(fixture, fixture.ReleasePublicKey, "--expected-version", "v2.3.1-1");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task A_library_whose_compat_verdict_judged_other_bits_fails()
    {
        using var fixture = await PublishFixture.Create();
        var changed = fixture.WriteLibraryPackage("x86_64", "library of x86_64, build 2");
        await fixture.WriteVerdict("abi", "x86_64", changed); // Abi ran again; Compat was skipped
        await fixture.Sign();

        var (exit, output) = await Verify(fixture, fixture.ReleasePublicKey);
        Assert.NotEqual(0, exit);
        var line = FailureLine(output);
        Assert.Contains("compat-x86_64.json judged the library with sha256", line);
        Assert.Contains($"but {PublishFixture.PackageName("x86_64")} holds {changed}", line);
        Assert.DoesNotContain("abi-x86_64.json", line);
    }

    [Fact]
    public async Task A_listed_file_that_is_a_link_is_refused_even_when_its_content_matches()
    {
        using var fixture = await PublishFixture.Create();
        var target = Path.Combine(fixture.KeyDirectory, "elsewhere.json");
        var linked = Path.Combine(fixture.Dist, "provenance.json");
        File.Move(linked, target);
        File.CreateSymbolicLink(linked, target);

        var failure = Assert.Throws<VerificationFailure>(() => new DistVerifier().Verify(fixture.Dist, MinisignPublicKey.Load(fixture.ReleasePublicKey)));
        Assert.Contains("provenance.json is a symbolic link: a release folder holds regular files only", failure.Message);
        var (exit, output) = await Verify(fixture, fixture.ReleasePublicKey);
        Assert.NotEqual(0, exit);
        Assert.Contains("is a symbolic link", FailureLine(output));
    }

    [Fact]
    public async Task A_linked_folder_inside_the_release_is_refused()
    {
        using var fixture = await PublishFixture.Create();
        Directory.CreateSymbolicLink(Path.Combine(fixture.Dist, "extra"), fixture.KeyDirectory);
        var failure = Assert.Throws<VerificationFailure>(() => new DistVerifier().Verify(fixture.Dist, MinisignPublicKey.Load(fixture.ReleasePublicKey)));
        Assert.Contains("extra is a symbolic link", failure.Message);
    }

    [Fact]
    public async Task A_SHA256SUMS_that_lists_a_file_twice_is_refused_even_when_signed()
    {
        using var fixture = await PublishFixture.Create();
        var sums = Path.Combine(fixture.Dist, Sha256Sums.FileName);
        var line = File.ReadLines(sums).First(l => l.EndsWith("provenance.json"));
        File.AppendAllText(sums, line.Replace("  ", " *") + "\n"); // the same file again, in binary mode
        // Signed again by the release key, with the same trusted comment: only the list itself is wrong.
        var comment = MinisignSignature.Load(Path.Combine(fixture.Dist, ReleaseSigner.SignatureFileName)).TrustedComment;
        await fixture.Run("minisign", "-S", "-s", Path.Combine(fixture.KeyDirectory, "release.key"), "-m", sums, "-t", comment);

        var failure = Assert.Throws<VerificationFailure>(() => new DistVerifier().Verify(fixture.Dist, MinisignPublicKey.Load(fixture.ReleasePublicKey)));
        Assert.Contains("lists provenance.json 2 times", failure.Message);
    }
}

using OpenH264Build.Signing;
using OpenH264Build.Dist;
using OpenH264Build.Tests.Publishing;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Distribution;

/// <summary>
/// The key rule, as an operator meets it through ./build.sh: a development-signed release is never rolled out unless
/// the run says it is a lab (--allow-development), and then it says so first and in its verdict; Verify's parameters
/// are refused in sentences before anything runs.
/// </summary>
public class ReleaseKeyTests
{
    private static string Inventory(PublishFixture fixture)
    {
        var path = Path.Combine(fixture.KeyDirectory, "lab.ini");
        File.WriteAllText(path, "[amd64]\nweb1 ansible_host=127.0.0.1\n[arm64]\npi1 ansible_host=127.0.0.1\n");
        return path;
    }

    private static string[] Lines(CliWrap.Buffered.BufferedCommandResult result) =>
        (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Rollout_refuses_a_development_signed_release_without_allow_development_before_reading_the_inventory()
    {
        using var fixture = await PublishFixture.Create(developmentKey: true);
        var developmentKey = Path.Combine(fixture.Dist, ReleaseSigner.PublicKeyFileName);
        var result = await BuildProcess.RunAsync(fixture.Root, "Rollout", "--inventory", Inventory(fixture), "--release", fixture.Dist,
            "--public-key", developmentKey, "--dry-run");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result), l => l.Contains("Rollout failed:"));
        Assert.Contains("version 2.3.1-1 is signed with a development key, a local build that must not be deployed (--allow-development accepts it)", line);
        Assert.DoesNotContain(Lines(result), l => l.Contains("wave canary"));
    }

    [Fact]
    public async Task A_lab_run_says_so_in_its_first_line_and_in_its_verdict()
    {
        using var fixture = await PublishFixture.Create(developmentKey: true);
        var developmentKey = Path.Combine(fixture.Dist, ReleaseSigner.PublicKeyFileName);
        var result = await BuildProcess.RunAsync(fixture.Root, "Verify", "--dist", fixture.Dist, "--public-key", developmentKey, "--allow-development");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains(ReleasePolicy.LabLine, Lines(result)[0]);
        var verdict = File.ReadAllText(Path.Combine(fixture.Root, "artifacts", "reports", "release-verdict.json"));
        Assert.Contains("\"verdict\": \"lab: development release allowed: release 2.3.1-1 passes the release policy: signed by the development key", verdict);
    }

    [Theory]
    [InlineData(new string[0], "Verify needs the release public key to check the release with: give --public-key FILE")]
    [InlineData(new[] { "--public-key", "PUBLIC", "--expected-version", "latest" },
        "Parameter --expected-version from the command line: 'latest' is not a release version (accepted: a release version such as 2.3.1-2")]
    [InlineData(new[] { "--public-key", "PUBLIC", "--dist", "/nonexistent/dist" }, "Parameter --dist from the command line: '/nonexistent/dist' does not exist")]
    public async Task Verify_refuses_each_wrong_parameter_in_a_sentence_before_anything_runs(string[] arguments, string sentence)
    {
        using var fixture = await PublishFixture.Create();
        string[] args = ["Verify", .. arguments.Select(a => a == "PUBLIC" ? fixture.ReleasePublicKey : a)];
        if (!args.Contains("--dist")) args = [.. args, "--dist", fixture.Dist];
        var result = await BuildProcess.RunAsync(fixture.Root, args);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result), l => l.Contains(sentence));
        Assert.DoesNotContain("!= null", line);
        Assert.DoesNotContain(Lines(result), l => l.Contains("Verify failed"));
    }
}

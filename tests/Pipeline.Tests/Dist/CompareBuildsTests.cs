using OpenH264Build.Formats;
using OpenH264Build.Signing;
using OpenH264Build.Dist;
using OpenH264Build.Tests.Publishing;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Distribution;

/// <summary>The build job is not its own witness: CompareBuilds passes two equal builds and stops on any difference, naming the file.</summary>
public class CompareBuildsTests
{
    /// <summary>The fixture's dist as Package leaves it (unsigned: no SHA256SUMS), and a witness copy of it.</summary>
    private static async Task<(PublishFixture Fixture, TempFolder Witness)> TwoBuilds()
    {
        var fixture = await PublishFixture.Create();
        foreach (var signed in new[] { "SHA256SUMS", "SHA256SUMS.minisig" }) File.Delete(Path.Combine(fixture.Dist, signed));
        var witness = new TempFolder();
        foreach (var file in Directory.GetFiles(fixture.Dist).Where(f => BuildComparison.IsCompared(Path.GetFileName(f))))
            File.Copy(file, witness.File(Path.GetFileName(file)));
        return (fixture, witness);
    }

    [Fact]
    public async Task Equal_builds_pass_and_the_build_target_says_so()
    {
        var (fixture, witness) = await TwoBuilds();
        using var _ = fixture;
        using var __ = witness;
        Assert.Empty(BuildComparison.Differences(fixture.Dist, witness.Path));
        var result = await BuildProcess.RunAsync(fixture.Root, "CompareBuilds", "--witness-dist", witness.Path);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("The witness build made the same bits", result.StandardOutput);
    }

    [Fact]
    public async Task A_different_package_stops_the_release_naming_the_file_and_both_digests()
    {
        var (fixture, witness) = await TwoBuilds();
        using var _ = fixture;
        using var __ = witness;
        var deb = PublishFixture.DebName("aarch64");
        File.AppendAllText(witness.File(deb), "x");
        File.Delete(witness.File(PublishFixture.PackageName("x86_64")));
        var result = await BuildProcess.RunAsync(fixture.Root, "CompareBuilds", "--witness-dist", witness.Path);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single((result.StandardOutput + result.StandardError).Split('\n'), l => l.Contains("CompareBuilds failed:"));
        Assert.Contains($"{deb}: sha256 {Sha256Sums.Digest(Path.Combine(fixture.Dist, deb))} here, {Sha256Sums.Digest(witness.File(deb))} in the witness build", line);
        Assert.Contains($"{PublishFixture.PackageName("x86_64")}: the witness build did not make it", line);
    }

    [Fact]
    public async Task Without_a_witness_the_target_refuses_in_a_sentence_before_anything_runs()
    {
        using var fixture = await PublishFixture.Create();
        var result = await BuildProcess.RunAsync(fixture.Root, "CompareBuilds");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CompareBuilds needs the second build's dist to compare with: give --witness-dist DIR", result.StandardOutput + result.StandardError);
    }
}

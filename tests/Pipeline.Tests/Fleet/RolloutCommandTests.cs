using OpenH264Build.DebianPackaging;
using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Fleet;

/// <summary>./build.sh Rollout as an operator runs it: --dry-run prints the waves and touches nothing; bad input is one line.</summary>
[Collection("Fleet.Release")]
public class RolloutCommandTests(FleetReleaseFactory factory)
{
    private string Inventory(string name)
    {
        var path = Path.Combine(factory.Root, name + ".ini");
        File.WriteAllText(path, "[amd64]\n" + string.Concat(Enumerable.Range(1, 7).Select(i => $"web{i} ansible_host=127.0.0.1\n")) +
                                "[pis]\n" + string.Concat(Enumerable.Range(1, 5).Select(i => $"pi{i} ansible_host=127.0.0.1 openh264_arch=arm64\n")));
        return path;
    }

    [Fact]
    public async Task Dry_run_verifies_the_release_and_prints_the_waves_without_touching_a_host()
    {
        var release = await factory.MakeAsync("dry-run");
        var ledger = Path.Combine(factory.Root, "dry-run-ledger.json");
        using var tree = await TestTree.CreateAsync();
        var result = await tree.BuildAsync("Rollout", "--inventory", Inventory("dry"), "--release", release.Dist,
            "--public-key", factory.PublicKey, "--ledger", ledger, "--dry-run");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains($"Rollout of {release.Manifest.DebianVersion}: 0 of 12 hosts already done", result.StandardOutput);
        Assert.Contains("wave canary: 2 host(s): web1 (amd64), pi1 (arm64)", result.StandardOutput);
        Assert.Contains("wave 25 %: 1 host(s): pi2 (arm64)", result.StandardOutput);
        Assert.Contains("wave 100 %: 9 host(s)", result.StandardOutput);
        Assert.False(File.Exists(ledger), "a dry run writes no ledger");
    }

    [Fact]
    public async Task A_release_changed_after_signing_is_refused_before_any_host_is_contacted()
    {
        var release = await factory.MakeAsync("changed");
        var manifest = Path.Combine(release.Dist, FleetManifest.FileName);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(release.Manifest.Architectures["amd64"].LibrarySha256, new string('0', 64)));
        using var tree = await TestTree.CreateAsync();
        var result = await tree.BuildAsync("Rollout", "--inventory", Inventory("changed"), "--release", release.Dist,
            "--public-key", factory.PublicKey, "--ledger", Path.Combine(factory.Root, "changed-ledger.json"), "--dry-run");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(FleetManifest.FileName, result.StandardOutput + result.StandardError);
        Assert.DoesNotContain("wave canary", result.StandardOutput);
    }
}

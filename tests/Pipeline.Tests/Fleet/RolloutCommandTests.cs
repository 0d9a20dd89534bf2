using System.Text.Json.Nodes;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Fleet;
using OpenH264Build.Formats;
using OpenH264Build.Git;
using OpenH264Build.Publishing;
using OpenH264Build.Tests.Publishing.FakeGitHub;
using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Fleet;

/// <summary>
/// ./build.sh Rollout as an operator runs it: --dry-run writes the plan and prints a line per wave, touching no host;
/// a published release tag is downloaded and verified; bad input is one sentence and exit 2 (the refusals share one
/// tree: they are refused before anything runs and write nothing).
/// </summary>
[Collection("Fleet.Release")]
public class RolloutCommandTests(FleetReleaseFactory factory, SharedTestTree refusals) : IClassFixture<SharedTestTree>
{
    private string Inventory(string name, int amd64 = 7, int arm64 = 5)
    {
        var path = Path.Combine(factory.Root, name + ".ini");
        File.WriteAllText(path, "[amd64]\n" + string.Concat(Enumerable.Range(1, amd64).Select(i => $"srv-{i:D5} ansible_host=127.0.0.1\n")) +
                                "[pis]\n" + string.Concat(Enumerable.Range(1, arm64).Select(i => $"pi-{i:D4} ansible_host=127.0.0.1 openh264_arch=arm64\n")));
        return path;
    }

    [Fact]
    public async Task Dry_run_verifies_the_release_writes_the_plan_and_prints_counts_per_arch_without_touching_a_host()
    {
        var release = await factory.SharedAsync();
        var ledger = Path.Combine(factory.Root, "dry-run-ledger.json");
        using var tree = await TestTree.CreateAsync();
        var result = await tree.BuildAsync("Rollout", "--inventory", Inventory("dry"), "--release", release.Dist,
            "--public-key", factory.PublicKey, "--ledger", ledger, "--dry-run");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains($"Rollout of {release.Manifest.DebianVersion}: 0 of 12 hosts already done", result.StandardOutput);
        Assert.Contains("wave canary: 2 host(s): 1 amd64, 1 arm64", result.StandardOutput);
        Assert.Contains("wave 25 %: 2 host(s): 1 amd64, 1 arm64", result.StandardOutput);
        Assert.Contains("wave 100 %: 8 host(s): 5 amd64, 3 arm64", result.StandardOutput);
        Assert.DoesNotContain("srv-00001", result.StandardOutput);
        Assert.False(File.Exists(ledger), "a dry run writes no ledger");
        Assert.Equal(["rollout-plan.json"], Directory.GetFiles(tree.Reports).Select(Path.GetFileName));
        var plan = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(tree.Reports, "rollout-plan.json")))!;
        Assert.Equal(12, plan["waves"]!.AsArray().Sum(w => w!["hosts"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_14000_host_dry_run_mixes_both_arches_in_every_wave_after_the_canaries_within_5_points()
    {
        var release = await factory.SharedAsync();
        using var tree = await TestTree.CreateAsync();
        var result = await tree.BuildAsync("Rollout", "--inventory", Inventory("fleet-14000", 10_000, 4_000), "--release", release.Dist,
            "--public-key", factory.PublicKey, "--ledger", Path.Combine(factory.Root, "dry-run-14000-ledger.json"), "--dry-run");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(5, result.StandardOutput.Split('\n').Count(l => l.Contains("wave ", StringComparison.Ordinal)));
        Assert.DoesNotContain("srv-0", result.StandardOutput);
        var waves = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(tree.Reports, "rollout-plan.json")))!["waves"]!.AsArray();
        Assert.Equal(["amd64", "arm64"], waves[0]!["hosts"]!.AsArray().Select(h => h!["arch"]!.GetValue<string>()).Order());
        Assert.Equal(14_000, waves.Sum(w => w!["hosts"]!.AsArray().Count));
        foreach (var wave in waves.Skip(1))
        {
            var hosts = wave!["hosts"]!.AsArray();
            var share = 100.0 * hosts.Count(h => h!["arch"]!.GetValue<string>() == "arm64") / hosts.Count;
            Assert.True(Math.Abs(share - 100.0 * 4_000 / 14_000) <= 5, $"wave {wave["name"]}: {share:0.0} % arm64");
        }
    }

    [Theory]
    [InlineData("--inventory", "Rollout needs --inventory: the Ansible inventory of the fleet")]
    [InlineData("--public-key", "Rollout needs --public-key: the minisign public key (.pub) the release was signed with")]
    [InlineData("--release", "Rollout needs --release: a release folder, 'dist', or a release tag of --repository such as v2.3.1-1.")]
    public async Task A_missing_parameter_is_one_sentence_and_exit_2(string missing, string sentence)
    {
        var tree = await refusals.GetAsync();
        var args = new List<string> { "Rollout", "--dry-run" };
        if (missing != "--inventory") args.AddRange(["--inventory", Inventory("missing")]);
        if (missing != "--release") args.AddRange(["--release", factory.Root]);
        if (missing != "--public-key") args.AddRange(["--public-key", factory.PublicKey]);
        var result = await tree.BuildAsync([.. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(sentence, result.StandardOutput + result.StandardError);
        Assert.DoesNotContain("!= null", result.StandardOutput + result.StandardError);
    }

    [Theory]
    [InlineData("--failure-budget", "lots", "is not a budget for --failure-budget")]
    [InlineData("--offline-budget", "-1", "is not a budget for --offline-budget")]
    [InlineData("--release", "not-a-tag", "is neither a folder, nor 'dist', nor a release tag such as v2.3.1-1.")]
    [InlineData("--known-hosts", "/nonexistent/known_hosts", "does not exist")]
    [InlineData("--apt-url", "ftp://example.org/apt", "accepted: an http(s) address")]
    public async Task A_wrong_value_is_refused_before_anything_runs(string parameter, string value, string sentence)
    {
        var tree = await refusals.GetAsync();
        var args = new List<string> { "Rollout", "--dry-run", "--inventory", Inventory("wrong"), "--public-key", factory.PublicKey };
        if (parameter != "--release") args.AddRange(["--release", factory.Root]);
        args.AddRange([parameter, value]);
        var result = await tree.BuildAsync([.. args]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(sentence, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task A_release_tag_is_downloaded_from_GitHub_verified_and_its_apt_repository_carried()
    {
        var release = await factory.SharedAsync();
        await using var github = await FakeGitHubServer.Start("token-" + Guid.NewGuid().ToString("N"));
        var published = new FakeRelease { Id = github.NextId(), TagName = "v2.3.1-1", PublishedAt = DateTimeOffset.UtcNow };
        foreach (var file in Directory.GetFiles(release.Dist))
            published.Assets.Add(new FakeAsset { Id = (int)github.NextId(), Name = Path.GetFileName(file), Content = await File.ReadAllBytesAsync(file) });
        var apt = AptRepositoryAsset.Make(release.Repository)!;
        published.Assets.Add(new FakeAsset { Id = (int)github.NextId(), Name = apt.Name, Content = await File.ReadAllBytesAsync(apt.Path) });
        github.Repository("fleet/openh264").Releases.Add(published);

        var folder = Directory.CreateTempSubdirectory("release-download-").FullName;
        var downloaded = await ReleaseDownload.FetchAsync(GitHubEndpoint.From(github.Address.ToString()).CreateClient(github.Token),
            new GitHubRepository("fleet", "openh264"), "v2.3.1-1", folder, CancellationToken.None);
        var verified = await VerifiedFleetRelease.OpenAsync(downloaded.Folder, factory.PublicKey, false, CancellationToken.None);
        Assert.Equal(release.Manifest.DebianVersion, verified.Manifest.DebianVersion);
        Assert.Equal(TestTree.Digests(release.Dist), TestTree.Digests(downloaded.Folder));
        Assert.Equal(TestTree.Digests(release.Repository), TestTree.Digests(downloaded.RepositoryFolder!));
        Directory.Delete(folder, recursive: true);

        using var tree = await TestTree.CreateAsync();
        var environment = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = github.Token };
        string[] args = ["Rollout", "--inventory", Inventory("published"), "--release", "v2.3.1-1", "--repository", "fleet/openh264",
            "--github-api-url", github.Address.ToString(), "--public-key", factory.PublicKey, "--dry-run"];
        var result = await tree.BuildWithAsync(environment, args);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("Release v2.3.1-1 of fleet/openh264:", result.StandardOutput);
        Assert.Contains("wave canary: 2 host(s)", result.StandardOutput);

        // A changed asset: the downloaded release fails verification before any host is contacted.
        var manifest = published.Assets.First(a => a.Name == FleetManifest.FileName);
        manifest.Content = [.. manifest.Content, (byte)'\n'];
        result = await tree.BuildWithAsync(environment, args);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(FleetManifest.FileName, result.StandardOutput + result.StandardError);
        Assert.DoesNotContain("wave canary", result.StandardOutput);
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

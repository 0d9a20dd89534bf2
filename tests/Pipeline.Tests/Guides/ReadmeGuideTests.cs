using System.Text.RegularExpressions;
using OpenH264Build.Compat;
using OpenH264Build.Tests.Ci;
using OpenH264Build.Tests.Fleet;
using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Guides;

/// <summary>
/// The README's guides followed as a new user follows them: every command of "When a check fails" and of "Rolling
/// out" runs, in order, in a copy of the tree that holds a real signed release in <c>artifacts/dist</c> (and its apt
/// repository in <c>artifacts/apt</c>), with <c>~/openh264.pub</c> its public key. What would build or change hosts
/// runs as <c>--plan</c> or <c>--dry-run</c> (<see cref="GuideRunner"/>); the files the guides show (the inventory,
/// an accepted difference) are saved where they say and read by the code that reads them. Rolling out has a real sshd
/// host of its own on a Docker network the test creates, standing in for the guide's documentation addresses.
/// </summary>
[Collection("Fleet.Release")]
public sealed class ReadmeGuideTests(FleetReleaseFactory factory) : IAsyncLifetime
{
    private TestTree _tree = null!;
    private readonly string _home = Directory.CreateTempSubdirectory("guide-home-").FullName;

    private static string Readme => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

    public async Task InitializeAsync()
    {
        _tree = await TestTree.CreateAsync();
        var release = await factory.MakeAsync("guide-" + Guid.NewGuid().ToString("N")[..8]);
        CopyFolder(release.Dist, _tree.Dist);
        CopyFolder(release.Repository, Path.Combine(_tree.Artifacts, "apt"));
        File.Copy(factory.PublicKey, Path.Combine(_home, "openh264.pub"));
        Directory.CreateDirectory(Path.Combine(_home, ".ssh"));
    }

    public Task DisposeAsync()
    {
        _tree.Dispose();
        Directory.Delete(_home, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_command_of_When_a_check_fails_runs_and_its_accepted_difference_is_read()
    {
        var blocks = ReadmeGuide.Blocks(Readme, "When a check fails");
        var commands = ReadmeGuide.Commands(blocks);
        foreach (var target in new[] { "Abi", "Compat", "Verify" })
            Assert.Contains(commands, c => c.StartsWith($"./build.sh {target} ", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains("--patches", StringComparison.Ordinal));
        var runner = new GuideRunner(_tree, _home, hostAddress: null);
        var written = runner.WriteFiles(blocks);
        var accepted = Assert.Single(written, f => f.EndsWith("accepted.json", StringComparison.Ordinal));
        var corpus = await File.ReadAllTextAsync(Path.Combine(_tree.Root, "native", "compat", "corpus.json"));
        var entries = AcceptedDifferences.Load(accepted).Accepted;
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Contains($"\"name\": \"{e.Stream}\"", corpus));

        await runner.RunAllAsync(commands);
        // Verify really ran, on the release in the tree, with the key in the reader's home.
        Assert.Contains("key=release", runner.OutputOf(c => c.Contains("--expected-version", Ordinal)));
        Assert.Contains("Compat", runner.OutputOf(c => c.Contains("--patches", Ordinal)));
    }

    [Fact]
    public async Task Every_command_of_Rolling_out_runs_against_a_real_release_and_a_host_of_the_tests_own()
    {
        var blocks = ReadmeGuide.Blocks(Readme, "Rolling out");
        var commands = ReadmeGuide.Commands(blocks);
        string[] steps =
            ["apt-get install ansible-core", "ssh-keyscan", "--known-hosts", "--plan", "--dry-run", "--rollback", "--apt-url"];
        foreach (var step in steps) Assert.Contains(commands, c => c.Contains(step, Ordinal));
        await using var hosts = await FleetHosts.StartAsync([new HostSpec("guide-host", "amd64")]);
        var address = Regex.Match(await File.ReadAllTextAsync(hosts.Inventory), @"ansible_host=(\S+)").Groups[1].Value;
        var runner = new GuideRunner(_tree, _home, address);
        var inventory = Assert.Single(runner.WriteFiles(blocks), f => f.EndsWith(".ini", StringComparison.Ordinal));

        await runner.RunAllAsync(commands);
        var plan = runner.Ran.First(r => r.AsRun.EndsWith("--plan", Ordinal)).Output;
        Assert.Contains($"Rollout reads the inventory {Path.GetFileName(inventory)}", plan);
        var knownHosts = await File.ReadAllTextAsync(Path.Combine(_home, ".ssh", "fleet_known_hosts"));
        Assert.Contains("ssh-ed25519", knownHosts);
        var dryRun = runner.Ran
            .First(r => r.Command.EndsWith("--dry-run", Ordinal) && !r.Command.Contains("--rollback")).Output;
        Assert.Contains("wave canary: 2 host(s): 1 amd64, 1 arm64", dryRun);
        Assert.Contains("Rollback of ", runner.OutputOf(c => c.Contains("--rollback --dry-run", Ordinal)));
        Assert.True(File.Exists(Path.Combine(_tree.Reports, "rollout-plan.json")));
    }

    private const StringComparison Ordinal = StringComparison.Ordinal;

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

using CliWrap.Buffered;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Engine;

/// <summary>
/// <c>--help</c> grouped by the targets that read each parameter, and <c>&lt;Target&gt; --help</c> showing only what the
/// targets of its plan read; every parameter says which targets read it. A near-miss value gets the right spelling.
/// </summary>
public sealed class HelpByTargetTests : IDisposable
{
    private readonly BuildProgram _build = new("help-by-target");

    public void Dispose() => _build.Dispose();

    private static readonly IReadOnlyList<string> TargetNames =
        TargetGraph.From(new Build()).Targets.Select(t => t.Name).ToList();

    [Fact]
    public void Every_parameter_declares_at_least_one_target_that_reads_it_and_each_is_a_real_target()
    {
        foreach (var parameter in ParameterSet.Of(typeof(Build)).Parameters)
        {
            Assert.True(parameter.ReadBy.Count > 0, $"{parameter.OptionName} declares no target that reads it (ReadBy)");
            foreach (var target in parameter.ReadBy) Assert.Contains(target, TargetNames);
        }
    }

    /// <summary>The options shown, in the order shown: lines that start with two spaces and "--".</summary>
    private static List<string> OptionsShown(BufferedCommandResult result) =>
        result.StandardOutput.Split('\n').Where(l => l.StartsWith("  --", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0]).ToList();

    [Fact]
    public async Task Compat_help_lists_only_the_parameters_its_targets_read()
    {
        var result = await _build.Run(["Compat", "--help"]);
        Assert.Equal(0, result.ExitCode);
        var shown = OptionsShown(result);
        var plan = new[] { "Prerequisites", "Fetch", "Patch", "Toolchain", "Compile", "Baseline", "Compat" };
        var expected = ParameterSet.Of(typeof(Build)).Parameters.Where(p => p.ReadBy.Intersect(plan).Any()).Select(p => p.OptionName);
        Assert.Equal(expected.Order(), shown.Order());
        Assert.Contains("--compat-quick", shown);
        Assert.DoesNotContain("--github-token", shown);
        Assert.DoesNotContain("--inventory", shown);
        Assert.DoesNotContain("Publish", result.StandardOutput.Split('\n').Select(l => l.Split(':')[0]));
    }

    [Fact]
    public async Task Help_groups_parameters_under_each_target_and_says_dry_run_serves_publish_and_rollout()
    {
        var result = await _build.Run(["--help"]);
        Assert.Equal(0, result.ExitCode);
        var text = result.StandardOutput;
        var rollout = text[text.IndexOf("\nRollout", StringComparison.Ordinal)..];
        Assert.Contains("--inventory", rollout);
        Assert.Contains("also reads", rollout);
        Assert.Contains("--dry-run", rollout);
        Assert.Contains("Publish and Rollout", text);
        var compile = text[text.IndexOf("\nCompile", StringComparison.Ordinal)..text.IndexOf("\nPackage", StringComparison.Ordinal)];
        Assert.Contains("--jobs", compile);
        Assert.DoesNotContain("--inventory", compile);
        Assert.Equal(ParameterSet.Of(typeof(Build)).Parameters.Count, OptionsShown(result).Distinct().Count());
    }

    [Theory]
    [InlineData("arm64", "aarch64")]
    [InlineData("amd64", "x86_64")]
    [InlineData("aarch46", "aarch64")]
    public async Task A_near_miss_arch_gets_the_name_it_meant(string typed, string meant)
    {
        var result = await _build.Run(["Compile", "--arch", typed, "--plan"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{typed}' is not accepted (accepted: x86_64, aarch64). Did you mean '{meant}'?", result.StandardOutput);
    }

    [Fact]
    public async Task A_plan_names_the_dist_inventory_and_keys_it_would_read()
    {
        var publish = await _build.Run(["Publish", "--plan", "--repository", "owner/name"]);
        Assert.Equal(0, publish.ExitCode);
        Assert.Contains("reads: Publish publishes artifacts/dist", publish.StandardOutput);
        Assert.Contains("reads: the public key is", publish.StandardOutput);

        // Rollout checks that the inventory exists and that a public key is given before it plans.
        var folder = Directory.CreateTempSubdirectory("help-by-target-").FullName;
        var (inventory, key) = (Path.Combine(folder, "fleet.ini"), Path.Combine(folder, "release.pub"));
        await File.WriteAllTextAsync(inventory, "[amd64]\n");
        await File.WriteAllTextAsync(key, "");
        try
        {
            var rollout = await _build.Run(
                ["Rollout", "--plan", "--inventory", inventory, "--release", "dist", "--public-key", key, "--dry-run"]);
            Assert.Equal(0, rollout.ExitCode);
            Assert.Contains("reads: Rollout rolls out artifacts/dist", rollout.StandardOutput);
            Assert.Contains($"reads: Rollout reads the inventory {inventory}", rollout.StandardOutput);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}

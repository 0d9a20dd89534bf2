using System.Text.RegularExpressions;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Ci;

/// <summary>The README's ./build.sh examples, as a new user copies them: each one parses, and a glibc floor example builds on a suite that meets it.</summary>
public class ReadmeExamplesTests
{
    private static IReadOnlyList<string[]> Examples()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        return readme.Select(l => l.Trim())
            .Where(l => l.StartsWith("./build.sh", StringComparison.Ordinal))
            .Select(l => Regex.Replace(l, @"\s+#.*$", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray())
            .ToList();
    }

    [Fact]
    public void Every_example_names_targets_and_parameters_the_build_declares()
    {
        var graph = TargetGraph.From(new Build());
        var parameters = ParameterSet.Of(typeof(Build));
        Assert.True(Examples().Count >= 5);
        foreach (var example in Examples()) CommandLine.Parse(example, parameters, graph);
    }

    [Fact]
    public void An_example_with_a_glibc_floor_builds_on_a_suite_whose_glibc_meets_it()
    {
        var floors = Examples().Where(e => e.Contains("--abi-floor")).ToList();
        Assert.NotEmpty(floors);
        foreach (var example in floors)
        {
            var floor = Version.Parse(example[Array.IndexOf(example, "--abi-floor") + 1].Replace("GLIBC_", ""));
            var suite = example.Contains("--suite") ? example[Array.IndexOf(example, "--suite") + 1] : "bookworm";
            Assert.True(Version.Parse(Build.SuiteGlibc[suite]) <= floor,
                $"./build.sh {string.Join(" ", example)}: {suite} has glibc {Build.SuiteGlibc[suite]}, above the floor {floor}: add --suite bullseye");
        }
    }
}

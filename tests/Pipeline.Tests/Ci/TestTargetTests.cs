using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Ci;

/// <summary>
/// The Test target's own wiring, through ./build.sh Test in a tree whose test project is a small one of this test's:
/// one test that writes into the tree's artifacts/dist (what a test must never do to a release manager's checkout) and
/// one skipped test. Without CI the run fails naming the file the tests added; with CI=true the skipped test fails it
/// too. Both runs print the suite's wall time and its slowest tests. (TestRunTests holds the pieces to their promises;
/// this holds the target to using them.)
/// </summary>
public sealed class TestTargetTests : IDisposable
{
    private TestTree? _tree;

    public void Dispose() => _tree?.Dispose();

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsPackable>false</IsPackable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            <Using Include="Xunit" />
          </ItemGroup>
        </Project>
        """;

    private const string Tests = """
        public class SampleTests
        {
            [Fact]
            public void Writes_into_the_dist_of_the_checkout_it_runs_in()
            {
                var dist = Path.Combine(Environment.GetEnvironmentVariable("NUKE_ROOT_DIRECTORY")!, "artifacts", "dist");
                Directory.CreateDirectory(dist);
                File.WriteAllText(Path.Combine(dist, "touched-" + Guid.NewGuid().ToString("N")), "a test wrote this");
            }

            [Fact(Skip = "switched off")]
            public void Switched_off() { }
        }
        """;

    [Fact]
    public async Task The_Test_target_fails_a_run_that_changed_the_checkouts_dist_and_in_CI_one_that_skipped_a_test()
    {
        _tree = await TestTree.CreateAsync();
        var project = Path.Combine(_tree.Root, "tests", "Pipeline.Tests");
        Directory.Delete(project, recursive: true);
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "Pipeline.Tests.csproj"), Project);
        await File.WriteAllTextAsync(Path.Combine(project, "SampleTests.cs"), Tests);

        var local = await _tree.BuildWithAsync(new Dictionary<string, string?> { ["CI"] = null, ["GITHUB_ACTIONS"] = null }, "Test");
        var said = local.StandardOutput + local.StandardError;
        Assert.True(said.Contains("1 passed, 0 failed, 1 skipped"), said);
        Assert.NotEqual(0, local.ExitCode);
        Assert.Contains("The tests changed the checkout's own artifacts (1): added ", said);
        Assert.Matches(@"Test suite wall time: \d+ s", said);
        Assert.Matches(@"Slowest tests:\n\s+[0-9.]+ s  SampleTests\.", said.Replace("\r", ""));

        var ci = await _tree.BuildWithAsync(new Dictionary<string, string?> { ["CI"] = "true", ["GITHUB_ACTIONS"] = null }, "Test");
        said = ci.StandardOutput + ci.StandardError;
        Assert.NotEqual(0, ci.ExitCode);
        Assert.Contains("1 test(s) were skipped; in CI every test must run", said);
    }
}

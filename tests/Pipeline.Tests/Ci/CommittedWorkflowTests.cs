using OpenH264Build.Ci;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Ci;

/// <summary>The workflow files in the repository: generated from the build as it is now, valid, and calling only real targets.</summary>
public class CommittedWorkflowTests(ActionValidator validator) : IClassFixture<ActionValidator>
{
    private static IEnumerable<string> CommittedFiles() => Directory.EnumerateFiles(RepositoryPaths.Workflows, "*.yml").Order();

    [Fact]
    public void Committed_workflows_are_what_the_build_generates()
    {
        var texts = new Build().GenerateWorkflowTexts(out _);
        var differences = WorkflowFiles.Differences(RepositoryPaths.Workflows, texts);
        Assert.True(differences.Count == 0,
            "The workflows are out of date; run './build.sh GenerateWorkflows' and commit them: " + string.Join("; ", differences));
    }

    [Fact]
    public void There_is_a_ci_workflow_and_a_release_workflow_on_version_tags()
    {
        var ci = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "ci.yml"));
        var release = File.ReadAllText(Path.Combine(RepositoryPaths.Workflows, "release.yml"));
        Assert.Contains("pull_request:", ci);
        Assert.Contains("- v*", release);
        Assert.Contains("group: release", release);
    }

    [Fact]
    public void Every_build_call_in_the_workflows_names_targets_and_parameters_the_build_declares()
    {
        var build = new Build();
        var check = new BuildCommandCheck(TargetGraph.From(build), ParameterSet.Of(typeof(Build)));
        var calls = 0;
        foreach (var file in CommittedFiles())
        {
            var text = File.ReadAllText(file);
            calls += BuildCommandCheck.FindCalls(text).Count();
            Assert.Empty(check.Check(Path.GetFileName(file), text).Select(p => p.ToString()));
        }
        Assert.True(calls >= 3, $"expected the workflows to call ./build.sh, found {calls} calls");
    }

    [Fact]
    public async Task The_workflows_pass_the_offline_schema_validator()
    {
        foreach (var file in CommittedFiles())
        {
            var (exitCode, output) = await validator.Validate(file);
            Assert.True(exitCode == 0, $"{Path.GetFileName(file)}: {output}");
        }
    }
}

/// <summary>The checks themselves find what they are meant to find, on workflows written to fail them.</summary>
public class WorkflowCheckTests(ActionValidator validator) : IClassFixture<ActionValidator>
{
    private const string Workflow = """
        name: hand-written
        on: push
        jobs:
          build:
            runs-on: ubuntu-24.04
            steps:
              - run: ./build.sh Package --arch ${{ matrix.arch }}
              - run: |
                  echo first
                  ./build.sh Pakage
              - run: ./build.sh Test --no-such-option 1
        """;

    [Fact]
    public void A_call_naming_an_unknown_target_or_parameter_is_found_with_its_line()
    {
        var check = new BuildCommandCheck(TargetGraph.From(new CiSampleBuild()), ParameterSet.Of(typeof(CiSampleBuild)));
        var problems = check.Check("hand.yml", Workflow);
        Assert.Equal(2, problems.Count);
        Assert.Equal(8, problems[0].Line);
        Assert.Contains("Unknown target 'Pakage'. Did you mean 'Package'?", problems[0].Message);
        Assert.Contains("Unknown parameter '--no-such-option'", problems[1].Message);
    }

    [Fact]
    public async Task The_validator_rejects_a_workflow_that_breaks_the_schema()
    {
        var folder = Directory.CreateTempSubdirectory("workflow-check-");
        try
        {
            var file = Path.Combine(folder.FullName, "broken.yml");
            await File.WriteAllTextAsync(file, "name: broken\non: push\njobs:\n  build:\n    runs-onn: ubuntu-24.04\n");
            var (exitCode, output) = await validator.Validate(file);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("runs-onn", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

using CliWrap.Buffered;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Ci;

/// <summary>
/// The build program as a user and a workflow start it: the compiled build (the same one ./build.sh runs) in
/// its own process, rooted in a temporary folder so its log does not land in the repository.
/// </summary>
public sealed class BuildProcessTests : IDisposable
{
    private readonly OpenH264Build.Tests.Engine.BuildProgram _build = new("build-process");

    public void Dispose() => _build.Dispose();

    private Task<BufferedCommandResult> RunBuild(params string[] args) => _build.Run(args);

    [Fact]
    public async Task An_unknown_target_exits_non_zero_naming_it()
    {
        var result = await RunBuild("GenrateWorkflow");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unknown target 'GenrateWorkflow'", result.StandardOutput);
    }

    [Fact]
    public async Task A_misspelt_target_gets_the_nearest_name()
    {
        var result = await RunBuild("Compil");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unknown target 'Compil'. Did you mean 'Compile'?", result.StandardOutput);
    }

    [Fact]
    public async Task Help_lists_every_target_and_every_parameter_with_its_environment_variable()
    {
        var result = await RunBuild("--help");
        Assert.Equal(0, result.ExitCode);
        var build = new Build();
        var lines = result.StandardOutput.Split('\n');
        foreach (var target in TargetGraph.From(build).Targets)
        {
            // A target's heading: "Compile: …", or "Compile *: …" for one of the default pipeline.
            var row = lines.FirstOrDefault(l => l.StartsWith(target.Name + ":", StringComparison.Ordinal)
                || l.StartsWith(target.Name + " *:", StringComparison.Ordinal));
            Assert.True(row is not null || target.IsUnlisted, $"--help does not list target {target.Name}");
            foreach (var dependency in target.DependencyDefinitions)
                Assert.Contains(dependency.Name, result.StandardOutput);
        }
        foreach (var parameter in ParameterSet.Of(typeof(Build)).Parameters)
        {
            var row = lines.FirstOrDefault(l => l.TrimStart().StartsWith(parameter.OptionName + " ", StringComparison.Ordinal));
            Assert.True(row is not null, $"--help does not list {parameter.OptionName}");
            Assert.Contains(parameter.EnvironmentVariables[0], row);
        }
    }
}

using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Engine;

/// <summary>A small build of its own, so the engine is tested apart from the real pipeline.</summary>
internal sealed class SampleBuild : NukeBuild
{
    public readonly List<string> Ran = [];

    [Parameter("A word")] public string Word = "default";
    [Parameter("A flag")] public bool Loud;
    [Parameter("Numbers")] public int[] Numbers = [1];
    [Parameter("A token"), Secret] public string? Token;
    [Parameter("Only when set")] public bool RunOptional;

    public Target Clean => _ => _.Description("clean").Executes(() => Ran.Add(nameof(Clean)));
    public Target Restore => _ => _.Description("restore").Executes(() => Ran.Add(nameof(Restore)));
    public Target Compile => _ => _.Description("compile").DependsOn(Restore).After(Clean).Executes(() => Ran.Add(nameof(Compile)));
    public Target Optional => _ => _.OnlyWhen(() => RunOptional).Executes(() => Ran.Add(nameof(Optional)));
    public Target Pack => _ => _.DependsOn(Compile, Optional).Executes(() => Ran.Add(nameof(Pack)));
    public Target Guarded => _ => _.Requires(() => Token != null).Executes(() => Ran.Add(nameof(Guarded)));
    public Target Broken => _ => _.DependsOn(Restore).Executes(() => throw new BuildFailure("it broke"));
    public Target AfterBroken => _ => _.DependsOn(Broken).Executes(() => Ran.Add(nameof(AfterBroken)));

    /// <summary>Stands for a long target during which the user presses Ctrl-C (<see cref="PressCtrlC"/>).</summary>
    public Action PressCtrlC = () => { };
    public Target Long => _ => _.Executes(async () => { PressCtrlC(); await Task.Delay(Timeout.Infinite, CancellationToken); });
    public Target AfterLong => _ => _.DependsOn(Long).Executes(() => Ran.Add(nameof(AfterLong)));
}

internal sealed class CyclicBuild : NukeBuild
{
    public Target A => _ => _.DependsOn(B);
    public Target B => _ => _.DependsOn(C);
    public Target C => _ => _.DependsOn(A);
}

/// <summary>The engine configures one static Serilog logger per run, so these tests run one at a time.</summary>
[Collection("Engine")]
public class EngineTests
{
    private static Task<int> RunAsync(NukeBuild build, params string[] args) => RunAsync(build, TextWriter.Null, args);

    private static Task<int> RunAsync(NukeBuild build, TextWriter output, params string[] args) =>
        BuildRunner.RunAsync(build, args, ["Pack"], _ => null, output, logsDirectory: null);

    [Fact]
    public void Plan_puts_dependencies_first_and_keeps_declaration_order()
    {
        var build = new SampleBuild();
        var graph = TargetGraph.From(build);
        var plan = ExecutionPlan.Create(graph, [graph.Find("Pack")!, graph.Find("Clean")!]);
        Assert.Equal(["Clean", "Restore", "Compile", "Optional", "Pack"], plan.Select(t => t.Name));
    }

    [Fact]
    public void After_orders_only_when_both_are_planned()
    {
        var graph = TargetGraph.From(new SampleBuild());
        var plan = ExecutionPlan.Create(graph, [graph.Find("Compile")!]);
        Assert.Equal(["Restore", "Compile"], plan.Select(t => t.Name));
    }

    [Fact]
    public void A_cycle_is_reported_with_its_path()
    {
        var graph = TargetGraph.From(new CyclicBuild());
        var e = Assert.Throws<BuildConfigurationException>(() => ExecutionPlan.Create(graph, [graph.Find("A")!]));
        Assert.Contains("A -> B -> C -> A", e.Message);
    }

    [Fact]
    public async Task Default_target_runs_with_dependencies_and_skips_false_conditions()
    {
        var build = new SampleBuild();
        Assert.Equal(0, await RunAsync(build));
        Assert.Equal(["Restore", "Compile", "Pack"], build.Ran);
        Assert.Contains(build.Results, r => r is { Name: "Optional", Status: TargetStatus.Skipped });
    }

    [Fact]
    public async Task Skip_leaves_a_target_out_and_says_so()
    {
        var build = new SampleBuild();
        Assert.Equal(0, await RunAsync(build, "Pack", "--skip", "Restore"));
        Assert.DoesNotContain("Restore", build.Ran);
        Assert.Equal("--skip", build.Results.Single(r => r.Name == "Restore").Reason);
    }

    [Fact]
    public async Task Unknown_target_fails_and_suggests_the_nearest()
    {
        var output = await CaptureAsync(async writer => Assert.Equal(2, await RunAsync(new SampleBuild(), writer, "Compil")));
        Assert.Contains("Unknown target 'Compil'. Did you mean 'Compile'?", output);
    }

    [Fact]
    public async Task Unknown_parameter_fails_and_suggests_the_nearest()
    {
        var output = await CaptureAsync(async writer => Assert.Equal(2, await RunAsync(new SampleBuild(), writer, "Pack", "--wrod", "x")));
        Assert.Contains("Unknown parameter '--wrod'. Did you mean '--word'?", output);
    }

    [Fact]
    public void Parameters_come_from_command_line_then_environment_then_file()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{ "Word": "from-file", "numbers": [4, 5] }""");
        try
        {
            var parameters = ParameterSet.Of(typeof(SampleBuild));
            var graph = TargetGraph.From(new SampleBuild());

            var fromFile = new SampleBuild();
            parameters.Apply(fromFile, new Dictionary<BuildParameter, IReadOnlyList<string>>(), _ => null, file);
            Assert.Equal("from-file", fromFile.Word);
            Assert.Equal([4, 5], fromFile.Numbers);

            var fromEnv = new SampleBuild();
            parameters.Apply(fromEnv, new Dictionary<BuildParameter, IReadOnlyList<string>>(), n => n == "WORD" ? "from-env" : null, file);
            Assert.Equal("from-env", fromEnv.Word);

            var fromCli = new SampleBuild();
            var request = CommandLine.Parse(["--word", "from-cli", "--loud", "--numbers", "7", "8"], parameters, graph);
            parameters.Apply(fromCli, request.Parameters, n => n == "WORD" ? "from-env" : null, file);
            Assert.Equal("from-cli", fromCli.Word);
            Assert.True(fromCli.Loud);
            Assert.Equal([7, 8], fromCli.Numbers);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Requires_fails_the_target_naming_the_condition()
    {
        var build = new SampleBuild();
        Assert.Equal(1, await RunAsync(build, "Guarded"));
        var result = build.Results.Single(r => r.Name == "Guarded");
        Assert.Equal(TargetStatus.Failed, result.Status);
        Assert.Contains("Token != null", result.Reason);
        Assert.Contains("(set --token or TOKEN)", result.Reason);
    }

    [Fact]
    public async Task A_failure_stops_the_targets_after_it()
    {
        var build = new SampleBuild();
        Assert.Equal(1, await RunAsync(build, "AfterBroken"));
        Assert.Equal(TargetStatus.Failed, build.Results.Single(r => r.Name == "Broken").Status);
        Assert.Equal(TargetStatus.NotRun, build.Results.Single(r => r.Name == "AfterBroken").Status);
        Assert.DoesNotContain("AfterBroken", build.Ran);
    }

    [Fact]
    public async Task A_run_stopped_by_ctrl_c_exits_130_and_runs_nothing_after()
    {
        using var ctrlC = new CancellationTokenSource();
        var build = new SampleBuild { PressCtrlC = ctrlC.Cancel };
        var exitCode = await BuildRunner.RunAsync(build, ["AfterLong"], ["Pack"], _ => null, TextWriter.Null, logsDirectory: null, cancellation: ctrlC);
        Assert.Equal(130, exitCode);
        Assert.Equal(TargetStatus.NotRun, build.Results.Single(r => r.Name == "AfterLong").Status);
        Assert.DoesNotContain("AfterLong", build.Ran);
    }

    [Fact]
    public async Task Secret_parameter_values_are_masked()
    {
        var build = new SampleBuild();
        var output = await CaptureAsync(writer => BuildRunner.RunAsync(build, ["Guarded", "--word", "s3cr3t-value-123"], ["Pack"],
            n => n == "TOKEN" ? "s3cr3t-value-123" : null, writer, logsDirectory: null));
        Assert.Equal("s3cr3t-value-123", build.Token);
        Assert.DoesNotContain("s3cr3t-value-123", output);
        Assert.Equal("the token is ***", SecretMasker.Mask("the token is s3cr3t-value-123"));
    }

    [Fact]
    public void Kebab_and_snake_names_follow_nuke()
    {
        Assert.Equal("signing-key-password", BuildParameter.ToKebabCase("SigningKeyPassword"));
        Assert.Equal("SIGNING_KEY_PASSWORD", BuildParameter.ToUpperSnakeCase("SigningKeyPassword"));
    }

    private static async Task<string> CaptureAsync(Func<TextWriter, Task> action)
    {
        using var writer = new StringWriter();
        await action(writer);
        return writer.ToString();
    }
}

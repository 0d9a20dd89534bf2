using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Tests.Engine;

/// <summary>A build whose one target starts real child processes and keeps what they saw of the environment.</summary>
internal sealed class ChildProcessBuild : NukeBuild
{
    public const string Variable = "PIPELINE_TEST_PLANTED_SECRET";
    public string? ChildEnvironment;
    public string? ShellEnvironment;

    [Parameter("A planted secret", EnvironmentVariable = Variable), Secret] public string? Planted;

    public Target Spawn => _ => _.Executes(async () =>
    {
        ChildEnvironment = (await HostProgram.RunAsync("env", [])).StandardOutput;
        ShellEnvironment = (await HostProgram.RunAsync("sh", ["-c", $"printf '%s' \"${Variable}\""])).StandardOutput;
    });
}

/// <summary>Secrets come by file or environment, and no program the build starts inherits them.</summary>
[Collection("Engine")]
public class SecretParameterTests
{
    private const string Secret = "planted-secret-7f3a9c21";

    [Fact]
    public async Task A_secret_read_from_the_environment_is_removed_before_any_child_process_starts()
    {
        using (new Processes.PlantedEnvironment(new Dictionary<string, string?> { [ChildProcessBuild.Variable] = Secret }))
        {
            var build = new ChildProcessBuild();
            var exit = await BuildRunner.RunAsync(build, ["Spawn"], ["Spawn"], Environment.GetEnvironmentVariable, TextWriter.Null, logsDirectory: null);
            Assert.Equal(0, exit);
            Assert.Equal(Secret, build.Planted); // the stage that uses it still has it
            Assert.Null(Environment.GetEnvironmentVariable(ChildProcessBuild.Variable));
            Assert.Contains("PATH=", build.ChildEnvironment); // the child did report its environment
            Assert.DoesNotContain(Secret, build.ChildEnvironment);
            Assert.Equal("", build.ShellEnvironment);
        }
    }

    [Fact]
    public async Task A_secret_given_as_text_on_the_command_line_is_refused_without_echoing_it()
    {
        using var output = new StringWriter();
        var build = new ChildProcessBuild();
        var exit = await BuildRunner.RunAsync(build, ["Spawn", "--planted", Secret], ["Spawn"], _ => null, output, logsDirectory: null);
        Assert.Equal(2, exit);
        Assert.Null(build.ChildEnvironment); // nothing ran
        Assert.Contains("never taken as text on the command line", output.ToString());
        Assert.Contains(ChildProcessBuild.Variable, output.ToString());
        Assert.DoesNotContain(Secret, output.ToString());
    }

    [Fact]
    public async Task A_secret_on_the_command_line_names_a_file_that_the_stage_reads()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Secret + "\n");
            var build = new ChildProcessBuild();
            Assert.Equal(0, await BuildRunner.RunAsync(build, ["Spawn", "--planted", file], ["Spawn"], _ => null, TextWriter.Null, logsDirectory: null));
            Assert.Equal(file, build.Planted);
            Assert.Equal(Secret, SecretParameters.Resolve(build.Planted));
            Assert.Equal("***", SecretMasker.Mask(Secret));
        }
        finally
        {
            File.Delete(file);
        }
    }
}

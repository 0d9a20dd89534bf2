using CliWrap.Buffered;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Engine;

/// <summary>
/// The build program as a user starts it, rooted in a temporary folder: every wrong value stops it at once, with
/// one line that names the parameter, where the value came from and what is accepted, for --plan as well.
/// </summary>
public sealed class ParameterCheckTests : IDisposable
{
    private readonly BuildProgram _build = new("parameter-check");

    public void Dispose() => _build.Dispose();

    private Task<BufferedCommandResult> Run(params string[] args) => _build.Run(args);

    private Task<BufferedCommandResult> RunWith(Dictionary<string, string?> environment, params string[] args) => _build.Run(environment, args);

    private static string ErrorLine(BufferedCommandResult result) =>
        result.StandardOutput.Split('\n').Single(l => l.Contains(" ERR] ")).Trim();

    [Theory]
    [InlineData("--suite", "buster", "accepted: bookworm, bullseye, trixie")]
    [InlineData("--jobs", "0", "accepted: a whole number from 1")]
    [InlineData("--jobs", "-3", "accepted: a whole number from 1")]
    [InlineData("--jobs", "many", "accepted: a whole number")]
    [InlineData("--arch", "", "accepted: one or more of x86_64, aarch64")]
    [InlineData("--arch", "arm64", "accepted: x86_64, aarch64")]
    [InlineData("--baseline-source", "ubuntu", "accepted: auto, release, upstream, debian, path")]
    public async Task A_wrong_value_stops_the_plan_in_one_line_naming_what_is_accepted(string option, string value, string accepted)
    {
        var result = await Run("Compile", option, value, "--plan");
        Assert.Equal(2, result.ExitCode);
        var line = ErrorLine(result);
        Assert.Contains($"Parameter {option} from the command line: '{value}'", line);
        Assert.Contains(accepted, line);
        Assert.DoesNotContain("1. ", result.StandardOutput); // no plan printed
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_named_before_anything_runs()
    {
        var result = await Run("Patch", "--patches", "no/such/series", "--plan");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Parameter --patches from the command line: 'no/such/series' does not exist (accepted: an existing folder)", ErrorLine(result));
    }

    [Fact]
    public async Task A_glibc_floor_is_checked_and_one_below_the_suite_names_the_suite_that_meets_it()
    {
        var wrong = await Run("Abi", "--abi-floor", "GLIBC2.31", "--plan");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("Parameter --abi-floor from the command line: 'GLIBC2.31' is not accepted (accepted: versions like GLIBC_2.31", ErrorLine(wrong));

        var below = await Run("Abi", "--abi-floor", "GLIBC_2.31", "--plan");
        Assert.Equal(0, below.ExitCode);
        Assert.Contains("--abi-floor GLIBC_2.31 is below the glibc of bookworm (2.36)", below.StandardOutput);
        Assert.Contains("add --suite bullseye (glibc 2.31)", below.StandardOutput);

        var met = await Run("Abi", "--abi-floor", "GLIBC_2.31", "--suite", "bullseye", "--plan");
        Assert.DoesNotContain("is below the glibc", met.StandardOutput);
    }

    [Fact]
    public async Task A_path_only_one_target_uses_is_checked_only_when_that_target_runs()
    {
        var result = await Run("GenerateWorkflows", "--patches", "no/such/series", "--plan");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Generic_variables_developers_export_are_not_read()
    {
        var environment = new Dictionary<string, string?> { ["ARCH"] = "arm64", ["JOBS"] = "0", ["DIST"] = "/nowhere", ["PATCHES"] = "/nowhere", ["SUITE"] = "buster" };
        var result = await RunWith(environment, "Compat", "--plan");
        Assert.True(result.ExitCode == 0, result.StandardOutput);
        Assert.Contains("Compile", result.StandardOutput);
    }

    [Fact]
    public async Task The_prefixed_variable_is_read_and_named_in_the_error()
    {
        var result = await RunWith(new Dictionary<string, string?> { ["OPENH264_ARCH"] = "arm64" }, "Compile", "--plan");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Parameter --arch from environment variable OPENH264_ARCH: 'arm64' is not accepted (accepted: x86_64, aarch64)", ErrorLine(result));

        var jobs = await RunWith(new Dictionary<string, string?> { ["OPENH264_JOBS"] = "0" }, "Compile", "--plan");
        Assert.Contains("Parameter --jobs from environment variable OPENH264_JOBS: '0'", ErrorLine(jobs));
    }

    [Fact]
    public void Every_parameter_reads_a_prefixed_variable_or_a_name_its_CI_system_fixes()
    {
        string[] ciNames = ["GITHUB_TOKEN", "GITHUB_REPOSITORY", "DOCKER_HOST"];
        foreach (var parameter in ParameterSet.Of(typeof(Build)).Parameters)
        {
            Assert.StartsWith("OPENH264_", parameter.EnvironmentVariables[0]);
            Assert.All(parameter.EnvironmentVariables.Skip(1), name => Assert.Contains(name, ciNames));
        }
        var token = ParameterSet.Of(typeof(Build)).Find("--github-token")!;
        Assert.Equal(["OPENH264_GITHUB_TOKEN", "GITHUB_TOKEN"], token.EnvironmentVariables);
    }

    [Fact]
    public async Task Help_says_which_variables_each_parameter_reads()
    {
        var result = await Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--arch (env OPENH264_ARCH, default x86_64,aarch64)", result.StandardOutput);
        Assert.Contains("--github-token (env OPENH264_GITHUB_TOKEN or GITHUB_TOKEN)", result.StandardOutput);
        Assert.Contains("--docker-host (env OPENH264_DOCKER_HOST or DOCKER_HOST)", result.StandardOutput);
    }
}

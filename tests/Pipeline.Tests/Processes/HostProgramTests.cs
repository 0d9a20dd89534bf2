using System.Diagnostics;
using System.Reflection;
using CliWrap;
using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Tests.Processes;

/// <summary>The one runner of host programs: a scrubbed environment, one-line failures, time limits, cancellation, streaming.</summary>
[Collection("Process state")]
public sealed class HostProgramTests : IDisposable
{
    private const string SecretVariable = "PIPELINE_TEST_HOSTPROGRAM_SECRET";
    private const string PlainVariable = "PIPELINE_TEST_HOSTPROGRAM_PLAIN";
    private const string Secret = "hostprogram-secret-5d81e0c4";

    private readonly string _folder = Directory.CreateTempSubdirectory("hostprogram-").FullName;

    private sealed class SecretHolder
    {
        [Parameter("A planted secret", EnvironmentVariable = SecretVariable), Secret] public string? HostProgramPlantedSecret;
    }

    [Fact]
    public async Task A_secret_parameters_variable_set_in_this_process_again_is_not_seen_by_a_child()
    {
        var field = typeof(SecretHolder).GetField(nameof(SecretHolder.HostProgramPlantedSecret))!;
        var parameter = new BuildParameter(field, field.GetCustomAttribute<ParameterAttribute>()!);
        SecretParameters.RemoveFromEnvironment([parameter]);
        Assert.Contains(SecretVariable, SecretParameters.RemovedVariables);
        // Something set it again after the parameters were read: a child must still not inherit it.
        using (new PlantedEnvironment(new Dictionary<string, string?> { [SecretVariable] = Secret, [PlainVariable] = "inherited" }))
        {
            // Named by the caller: the plain variable passes, the secret one is never passed, even by name.
            var env = (await HostProgram.RunAsync("env", [], new() { Inherit = [PlainVariable, SecretVariable] })).StandardOutput;
            Assert.Contains($"{PlainVariable}=inherited", env);
            Assert.DoesNotContain(SecretVariable, env);
            Assert.DoesNotContain(Secret, env);

            // Not even when the caller hands over variables of its own.
            var withOwn = await HostProgram.RunAsync("env", [], new() { Environment = new Dictionary<string, string?> { ["GNUPGHOME"] = "/x" } });
            Assert.Contains("GNUPGHOME=/x", withOwn.StandardOutput);
            Assert.DoesNotContain(Secret, withOwn.StandardOutput);
        }
    }

    /// <summary>
    /// What a CI job or a cloud machine leaves in the environment (a cloud key, the job's OIDC token request token, an SSH
    /// agent, anything at all) reaches no child; the allow-list does, and a variable the caller names.
    /// </summary>
    [Fact]
    public async Task A_child_sees_no_credential_of_the_builds_environment_only_the_allow_list_and_what_it_names()
    {
        var planted = new Dictionary<string, string?>
        {
            ["AWS_SECRET_ACCESS_KEY"] = "aws-planted-6c1f", ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "oidc-planted-0b7e",
            ["SSH_AUTH_SOCK"] = "/run/agent-planted.sock", [PlainVariable] = "not-named", ["LC_PAPER"] = "C.UTF-8",
        };
        using (new PlantedEnvironment(planted))
        {
            var env = (await HostProgram.RunAsync("env", [])).StandardOutput.Split('\n').ToHashSet();
            Assert.DoesNotContain(env, l => l.Contains("planted") || l.Contains("not-named"));
            Assert.Contains("LC_PAPER=C.UTF-8", env);
            Assert.Contains($"PATH={Environment.GetEnvironmentVariable("PATH")}", env);
            Assert.Contains($"HOME={Environment.GetEnvironmentVariable("HOME")}", env);

            var named = (await HostProgram.RunAsync("env", [], new() { Inherit = ["PIPELINE_TEST_HOSTPROGRAM_*"] })).StandardOutput;
            Assert.Contains($"{PlainVariable}=not-named", named);
            Assert.DoesNotContain("planted", named);
        }
    }

    [Fact]
    public void The_allow_list_keeps_path_home_locale_time_zone_proxies_and_trusted_certificates_and_removes_everything_else()
    {
        string[] kept = ["PATH", "HOME", "LANG", "LC_ALL", "LC_TIME", "TZ", "TMPDIR", "http_proxy", "HTTP_PROXY", "https_proxy",
            "HTTPS_PROXY", "no_proxy", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE",
            "GIT_SSL_CAINFO", "REQUESTS_CA_BUNDLE"];
        string[] removed = ["AWS_SECRET_ACCESS_KEY", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_RUNTIME_TOKEN", "SSH_AUTH_SOCK",
            "GITHUB_TOKEN", "DOCKER_HOST", "LD_PRELOAD", "path"];
        var changes = ChildEnvironment.For(kept.Concat(removed), null, null);
        // Other tests may have read a build's secret parameters, whose variables every child loses anyway.
        Assert.Equal(removed.Except(SecretParameters.RemovedVariables).Order(), changes.Keys.Except(SecretParameters.RemovedVariables).Order());
        Assert.All(changes.Values, Assert.Null);
        var forAnsible = ChildEnvironment.For(removed, OpenH264Build.Fleet.AnsibleSettings.Inherited, new Dictionary<string, string?> { ["X"] = "1" });
        Assert.DoesNotContain("SSH_AUTH_SOCK", forAnsible.Keys);
        Assert.Equal("1", forAnsible["X"]);
    }

    [Fact]
    public async Task A_failing_program_is_a_one_line_failure_naming_it_and_its_last_line()
    {
        var e = await Assert.ThrowsAsync<BuildFailure>(() =>
            HostProgram.RunAsync("sh", ["-c", "echo progress; echo >&2 first complaint; echo >&2 the real reason; exit 3"]));
        Assert.StartsWith("sh -c", e.Message);
        Assert.Contains("exited with 3", e.Message);
        Assert.EndsWith("the real reason", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        var purposed = await Assert.ThrowsAsync<BuildFailure>(() =>
            HostProgram.RunAsync("sh", ["-c", "echo >&2 no such stream; exit 1"], new() { Purpose = "FFmpeg could not decode x.264" }));
        Assert.Equal("FFmpeg could not decode x.264: sh exited with 1: no such stream", purposed.Message);
    }

    [Fact]
    public async Task A_missing_program_is_named()
    {
        var e = await Assert.ThrowsAsync<BuildFailure>(() => HostProgram.RunAsync("no-such-program-8c2f", ["--version"]));
        Assert.StartsWith("no-such-program-8c2f could not be started", e.Message);
        Assert.Contains("Prerequisites", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_program_over_its_time_limit_is_stopped_with_what_it_started_and_the_failure_says_so()
    {
        var pids = Path.Combine(_folder, "pids");
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<BuildFailure>(() =>
            HostProgram.RunAsync("sh", ["-c", $"sleep 60 & echo $$ $! > {pids}; wait"], new() { Timeout = TimeSpan.FromSeconds(1) }));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains("time limit of 1 s", e.Message);
        Assert.StartsWith("sh -c", e.Message);
        foreach (var pid in await PidsAsync(pids)) Assert.True(await StopsAsync(pid), $"process {pid} still runs");
    }

    [Fact]
    public async Task A_cancelled_run_throws_OperationCanceledException_and_leaves_no_child_running()
    {
        var pids = Path.Combine(_folder, "pids");
        using var cancel = new CancellationTokenSource();
        var run = HostProgram.RunAsync("sh", ["-c", $"sleep 60 & echo $$ $! > {pids}.tmp && mv {pids}.tmp {pids}; wait"],
            new() { Timeout = TimeSpan.FromMinutes(5) }, cancel.Token);
        var ids = await PidsAsync(pids);
        Assert.Equal(2, ids.Count);
        Assert.True(IsRunning(ids[1]));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        foreach (var pid in ids) Assert.True(await StopsAsync(pid), $"process {pid} still runs");
    }

    [Fact]
    public async Task Streamed_output_reaches_the_pipe_target_and_standard_error_is_still_kept()
    {
        var lines = new List<string>();
        var errors = new List<string>();
        var result = await HostProgram.RunAsync("sh", ["-c", "printf 'one\\ntwo\\n'; echo >&2 warned"], new()
        {
            StandardOutput = PipeTarget.ToDelegate(lines.Add),
            StandardError = PipeTarget.ToDelegate(errors.Add),
        });
        Assert.Equal(["one", "two"], lines);
        Assert.Equal("", result.StandardOutput); // it went to the target instead
        Assert.Equal(["warned"], errors);
        Assert.Equal("warned", result.StandardError.Trim());
    }

    [Fact]
    public async Task Standard_input_reaches_the_program()
    {
        var result = await HostProgram.RunAsync("cat", [], new() { StandardInput = new MemoryStream("fed on stdin"u8.ToArray()) });
        Assert.Equal("fed on stdin", result.StandardOutput);
    }

    [Fact]
    public async Task With_AllowFailure_the_exit_code_is_the_callers_to_read()
    {
        var result = await HostProgram.RunAsync("sh", ["-c", "echo >&2 bits; exit 12"], new() { AllowFailure = true });
        Assert.Equal(12, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("bits", result.LastLine);
    }

    [Fact]
    public async Task ReadAsync_gives_trimmed_output_and_a_working_directory_is_used()
    {
        Assert.Equal(_folder, await HostProgram.ReadAsync("sh", ["-c", $"cd {_folder} && pwd -P"]));
        var result = await HostProgram.RunAsync("pwd", ["-P"], new() { WorkingDirectory = _folder });
        Assert.Equal(Path.GetFullPath(_folder), result.StandardOutput.Trim());
    }

    /// <summary>The ids a test program wrote (its own, then its child's), once it has written them.</summary>
    private static async Task<IReadOnlyList<int>> PidsAsync(string file)
    {
        for (var i = 0; i < 200 && !File.Exists(file); i++) await Task.Delay(50);
        return File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToList();
    }

    /// <summary>Whether a process runs (a zombie waiting for its parent to reap it does not).</summary>
    private static bool IsRunning(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return false; }
        return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }

    /// <summary>Whether a process is gone within a few seconds (a killed process takes a moment to disappear).</summary>
    private static async Task<bool> StopsAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            if (!IsRunning(pid)) return true;
            await Task.Delay(100);
        }
        return false;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

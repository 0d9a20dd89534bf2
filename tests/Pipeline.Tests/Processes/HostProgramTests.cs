using System.Diagnostics;
using System.Reflection;
using CliWrap;
using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Tests.Processes;

/// <summary>The one runner of host programs: a scrubbed environment, one-line failures, time limits, cancellation, streaming.</summary>
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
        Environment.SetEnvironmentVariable(SecretVariable, Secret);
        Environment.SetEnvironmentVariable(PlainVariable, "inherited");
        try
        {
            var env = (await HostProgram.RunAsync("env", [])).StandardOutput;
            Assert.Contains($"{PlainVariable}=inherited", env); // the child does inherit this process's environment
            Assert.DoesNotContain(SecretVariable, env);
            Assert.DoesNotContain(Secret, env);

            // Not even when the caller hands over variables of its own.
            var withOwn = await HostProgram.RunAsync("env", [], new() { Environment = new Dictionary<string, string?> { ["GNUPGHOME"] = "/x" } });
            Assert.Contains("GNUPGHOME=/x", withOwn.StandardOutput);
            Assert.DoesNotContain(Secret, withOwn.StandardOutput);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SecretVariable, null);
            Environment.SetEnvironmentVariable(PlainVariable, null);
        }
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

using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Engine;

/// <summary>Only real runs write a log; each run its own, named by time, the newest few kept, build.log the newest.</summary>
public sealed class RunLogTests : IDisposable
{
    private readonly BuildProgram _build = new("run-log");
    private string Logs => Path.Combine(_build.Root.FullName, "artifacts", "logs");
    private string Latest => Path.Combine(Logs, RunLog.LatestName);

    public void Dispose() => _build.Dispose();

    private Task<CliWrap.Buffered.BufferedCommandResult> Run(params string[] args) => _build.Run(args);

    [Fact]
    public async Task Help_plan_and_a_mistyped_target_leave_the_last_runs_log_as_it_was()
    {
        Directory.CreateDirectory(Logs);
        await File.WriteAllTextAsync(Latest, "the last real run\n");
        foreach (var args in new string[][] { ["--help"], ["Compile", "--plan"], ["Compil"], ["Compile", "--jobs", "0"] })
        {
            await Run(args);
            Assert.Equal("the last real run\n", await File.ReadAllTextAsync(Latest));
            Assert.Empty(RunLog.Logs(Logs));
        }
    }

    [Fact]
    public async Task A_real_run_writes_a_log_named_by_time_and_build_log_links_to_it()
    {
        var result = await Run("GenerateWorkflows");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var log = Assert.Single(RunLog.Logs(Logs));
        Assert.Matches(@"^build-\d{8}T\d{6}Z(-\d+)?\.log$", Path.GetFileName(log));
        Assert.Equal(Path.GetFileName(log), File.ResolveLinkTarget(Latest, false)?.Name);
        Assert.Contains("GenerateWorkflows", await File.ReadAllTextAsync(Latest));
    }

    [Fact]
    public void The_newest_runs_are_kept_and_build_log_points_at_the_newest()
    {
        var start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var made = new List<string>();
        for (var i = 0; i < RunLog.Keep + 3; i++)
        {
            var path = RunLog.Start(Logs, start.AddMinutes(i));
            File.SetLastWriteTimeUtc(path, start.AddMinutes(i).UtcDateTime);
            made.Add(path);
        }
        Assert.Equal(made.TakeLast(RunLog.Keep), RunLog.Logs(Logs));
        Assert.Equal("build-20260102T031605Z.log", File.ResolveLinkTarget(Latest, false)?.Name);

        // Two runs in the same second get a file each.
        var again = RunLog.Start(Logs, start.AddMinutes(RunLog.Keep + 2));
        Assert.NotEqual(made[^1], again);
    }
}

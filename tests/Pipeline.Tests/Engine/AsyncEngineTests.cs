using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Engine;

/// <summary>A build whose hooks and targets truly wait (a delay, then a file or a note), as the pipeline's do on git and Docker.</summary>
internal sealed class AsyncSampleBuild(string folder) : NukeBuild
{
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events { get { lock (_events) return _events.ToList(); } }
    public string InitializedFile => Path.Combine(folder, "initialized");
    public string FinishedFile => Path.Combine(folder, "finished");

    protected internal override async Task OnBuildInitializedAsync()
    {
        await Task.Delay(50);
        await File.WriteAllTextAsync(InitializedFile, "");
        Note("initialized");
    }

    protected internal override async Task OnBuildFinishedAsync(bool succeeded)
    {
        await Task.Delay(50);
        await File.WriteAllTextAsync(FinishedFile, succeeded ? "succeeded" : "failed");
        Note("finished");
    }

    public Target First => _ => _.Executes(async () =>
    {
        Note("First started");
        await Task.Delay(100);
        Note("First finished");
    });

    public Target Second => _ => _.DependsOn(First).Executes(async () =>
    {
        Note("Second started");
        await Task.Delay(10);
        Note("Second finished");
    });

    public Target LateFailure => _ => _.Executes(async () =>
    {
        await Task.Delay(50);
        throw new BuildFailure("failed after waiting");
    });

    public Target AfterLateFailure => _ => _.DependsOn(LateFailure).Executes(() => Note("AfterLateFailure ran"));

    private void Note(string e) { lock (_events) _events.Add(e); }
}

/// <summary>The engine awaits what a build hands it: hooks before the run returns, each target before the next starts.</summary>
[Collection("Engine")]
public sealed class AsyncEngineTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("async-engine-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static Task<int> RunAsync(NukeBuild build, params string[] targets) =>
        BuildRunner.RunAsync(build, targets, ["Second"], _ => null, TextWriter.Null, logsDirectory: null);

    [Fact]
    public async Task Async_hooks_are_awaited_before_the_run_returns()
    {
        var build = new AsyncSampleBuild(_folder.FullName);
        Assert.Equal(0, await RunAsync(build));
        Assert.True(File.Exists(build.InitializedFile));
        Assert.Equal("succeeded", File.ReadAllText(build.FinishedFile));
        Assert.Equal("initialized", build.Events[0]);
        Assert.Equal("finished", build.Events[^1]);
    }

    [Fact]
    public async Task An_async_target_is_finished_before_the_next_target_starts()
    {
        var build = new AsyncSampleBuild(_folder.FullName);
        Assert.Equal(0, await RunAsync(build, "Second"));
        Assert.Equal(["initialized", "First started", "First finished", "Second started", "Second finished", "finished"], build.Events);
        Assert.All(build.Results, r => Assert.Equal(TargetStatus.Succeeded, r.Status));
    }

    [Fact]
    public async Task A_failure_after_an_await_fails_its_target_and_stops_the_ones_after()
    {
        var build = new AsyncSampleBuild(_folder.FullName);
        Assert.Equal(1, await RunAsync(build, "AfterLateFailure"));
        var failure = build.Results.Single(r => r.Name == "LateFailure");
        Assert.Equal(TargetStatus.Failed, failure.Status);
        Assert.Equal("failed after waiting", failure.Reason);
        Assert.Equal(TargetStatus.NotRun, build.Results.Single(r => r.Name == "AfterLateFailure").Status);
        Assert.DoesNotContain("AfterLateFailure ran", build.Events);
        Assert.Equal("failed", File.ReadAllText(build.FinishedFile));
    }
}

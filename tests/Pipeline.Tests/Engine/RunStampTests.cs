using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Engine;

/// <summary>A build whose one target reads a folder and writes a file, and names both for its stamp.</summary>
internal sealed class StampedBuild(string input, string output) : NukeBuild
{
    public int Made;
    public bool Fails;

    [Parameter("A secret"), Secret] public string? Token;
    [Parameter("A word, or a file's path")] public string? Word;

    public Target Make => _ => _.Executes(() =>
    {
        if (Fails) throw new BuildFailure("it broke");
        Made++;
        File.WriteAllText(Path.Combine(output, "made.txt"), string.Concat(Directory.GetFiles(input).Order().Select(File.ReadAllText)));
    });

    /// <summary>
    /// Stands for a target that acts on something outside (a publish): its inputs cannot all be named.
    /// </summary>
    public Target Outside => _ => _.DependsOn(Make).Executes(() => { });

    protected internal override IReadOnlyList<StampRoot>? StampRoots(IReadOnlyCollection<string> plannedTargets) =>
        plannedTargets.Contains(nameof(Outside)) ? null : [StampRoot.Input(input, "*.swp"), StampRoot.Output(output)];

    protected internal override IEnumerable<string> SummaryLines() => ["made: made.txt"];
}

/// <summary>
/// The run stamp: a command line whose last run's inputs and outputs are unchanged is answered without running a
/// target; any changed, added or removed input, and any changed or missing output, makes it run again.
/// </summary>
[Collection("Engine")]
public sealed class RunStampTests : IDisposable
{
    readonly DirectoryInfo root = Directory.CreateTempSubdirectory("run-stamp-");
    string Input => Path.Combine(root.FullName, "input");
    string Output => Path.Combine(root.FullName, "output");
    string Stamp => Path.Combine(root.FullName, "stamp");

    public RunStampTests()
    {
        Directory.CreateDirectory(Input);
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Input, "a.txt"), "alpha");
        File.WriteAllText(Path.Combine(Input, "b.txt"), "bravo");
    }

    public void Dispose() => root.Delete(recursive: true);

    async Task<StampedBuild> RunAsync(Action<StampedBuild>? arrange = null, params string[] args)
    {
        var build = new StampedBuild(Input, Output);
        arrange?.Invoke(build);
        await BuildRunner.RunAsync(build, args, ["Make"], _ => null, TextWriter.Null, logsDirectory: null, stampFile: Stamp);
        return build;
    }

    bool Answered(params string[] args) => UnchangedRun.TryAnswer(Stamp, root.FullName, args, TextWriter.Null);

    [Fact]
    public async Task A_run_with_nothing_changed_is_answered_with_its_conclusions_and_runs_no_target()
    {
        Assert.Equal(1, (await RunAsync()).Made);
        var answer = new StringWriter();
        Assert.True(UnchangedRun.TryAnswer(Stamp, root.FullName, [], answer));
        Assert.Contains("Nothing changed since the run that ended", answer.ToString());
        Assert.Contains("made: made.txt", answer.ToString());
        Assert.False(Answered(RunStamp.RerunOption));
    }

    public static TheoryData<string> Changes() =>
    [
        "input rewritten, same size, old time", "input added", "input removed", "output rewritten", "output removed",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Any_changed_input_or_output_makes_the_command_line_run_again(string change)
    {
        await RunAsync();
        Change(change);
        Assert.False(Answered(), change);
        Assert.Equal(1, (await RunAsync()).Made);
        Assert.True(Answered(), "stamped again after the run");
    }

    void Change(string change)
    {
        var a = Path.Combine(Input, "a.txt");
        var made = Path.Combine(Output, "made.txt");
        switch (change)
        {
            case "input rewritten, same size, old time":
                var time = File.GetLastWriteTimeUtc(a);
                File.WriteAllText(a, "ALPHA");
                File.SetLastWriteTimeUtc(a, time);
                break;
            case "input added": File.WriteAllText(Path.Combine(Input, "c.txt"), "charlie"); break;
            case "input removed": File.Delete(a); break;
            case "output rewritten": File.WriteAllText(made, "tampered"); break;
            case "output removed": File.Delete(made); break;
        }
    }

    [Fact]
    public async Task A_touched_input_whose_content_is_the_same_is_no_change_and_an_excluded_file_is_none()
    {
        await RunAsync();
        var a = Path.Combine(Input, "a.txt");
        File.SetLastWriteTimeUtc(a, DateTime.UtcNow.AddMinutes(5));
        File.WriteAllText(Path.Combine(Input, ".a.txt.swp"), "an editor's swap file");
        Assert.True(Answered());
    }

    [Fact]
    public async Task A_failed_run_leaves_no_stamp_so_the_next_run_runs()
    {
        await RunAsync();
        await RunAsync(b => b.Fails = true);
        Assert.False(File.Exists(Stamp));
        Assert.False(Answered());
    }

    [Fact]
    public async Task A_run_given_a_secret_or_planning_a_target_with_unnamed_inputs_is_never_stamped()
    {
        var token = Path.Combine(root.FullName, "token");
        File.WriteAllText(token, "s3cret");
        await RunAsync(null, "--token", token);
        Assert.False(File.Exists(Stamp));
        await RunAsync(null, "Outside");
        Assert.False(File.Exists(Stamp));
    }

    [Fact]
    public async Task A_file_a_parameter_names_is_an_input_too()
    {
        var given = Path.Combine(root.FullName, "given.txt");
        File.WriteAllText(given, "one");
        await RunAsync(null, "--word", given);
        Assert.True(Answered("--word", given));
        File.WriteAllText(given, "two");
        Assert.False(Answered("--word", given));
    }

    [Fact]
    public void The_key_is_the_command_line_the_folder_and_the_environment_but_not_what_differs_between_shells()
    {
        var env = new Dictionary<string, string> { ["ARCH"] = "x86_64", ["PWD"] = "/a", ["SHLVL"] = "1" };
        var key = RunStamp.KeyFor(["Compile"], env, "/repo");
        Assert.Equal(key, RunStamp.KeyFor(["Compile", RunStamp.RerunOption], env, "/repo"));
        Assert.Equal(key, RunStamp.KeyFor(["Compile"], new Dictionary<string, string>(env) { ["PWD"] = "/b", ["SHLVL"] = "3" }, "/repo"));
        Assert.NotEqual(key, RunStamp.KeyFor(["Compat"], env, "/repo"));
        Assert.NotEqual(key, RunStamp.KeyFor(["Compile"], env, "/elsewhere"));
        Assert.NotEqual(key, RunStamp.KeyFor(["Compile"], new Dictionary<string, string>(env) { ["ARCH"] = "aarch64" }, "/repo"));
    }
}

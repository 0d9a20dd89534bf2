using System.Linq.Expressions;

namespace OpenH264Build.Engine;

/// <summary>
/// Base class of a build, shaped like NUKE's: targets are properties, parameters are annotated fields, and
/// <c>Main</c> is <c>Execute&lt;Build&gt;(x => x.Default)</c>. Swapping this folder for NUKE should leave
/// the build itself nearly untouched.
/// </summary>
public abstract class NukeBuild
{
    /// <summary>The repository root: the nearest folder above the build that has a <c>.nuke</c> folder.</summary>
    public static string RootDirectory { get; set; } = FindRoot();

    public static bool IsServerBuild => CiHost.Current.IsServerBuild;

    /// <summary>Cancelled on Ctrl-C: stages pass it on so containers are stopped and removed.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>When the first target started (UTC); a check whose verdict is older was reused, not run
    /// again.</summary>
    public DateTimeOffset? StartedAt { get; internal set; }

    /// <summary>This run's log file (artifacts/logs/build-&lt;time&gt;.log), when it writes one.</summary>
    public string? LogFile { get; internal set; }

    /// <summary>Results of the targets run so far, in order (reports read it at the end).</summary>
    public IReadOnlyList<TargetResult> Results { get; internal set; } = [];

    /// <summary>
    /// Runs one target's actions. A build may wrap them, e.g. in a progress display; the default just runs them.
    /// </summary>
    protected internal virtual Task RunTargetAsync(string name, Func<Task> actions) => actions();

    /// <summary>
    /// Where console log lines go when something else draws on the terminal (a live progress display):
    /// null writes them to standard output as they come.
    /// </summary>
    protected internal virtual Action<string>? ConsoleLineWriter => null;

    /// <summary>
    /// Checks the filled parameters before anything runs (for <c>--plan</c> too): a wrong value stops the run with one
    /// line that names the accepted values. The engine has already checked types and enum names.
    /// </summary>
    protected internal virtual void CheckParameters(ParameterCheck check) { }

    /// <summary>
    /// What <c>--plan</c> adds after the targets: the inputs the planned targets would read (a dist, an inventory,
    /// keys), one line each, so a plan says what it would act on, not only in which order.
    /// </summary>
    protected internal virtual IEnumerable<string> PlanInputs(IReadOnlyCollection<string> plannedTargets) => [];

    /// <summary>Lines printed under the summary table: what the run concluded (verdicts per arch, key, where its
    /// outputs are).</summary>
    protected internal virtual IEnumerable<string> SummaryLines() => [];

    /// <summary>
    /// Every file and folder the planned targets read or leave, for the run's stamp (<see cref="RunStamp"/>): while
    /// none of them changes, the same command line answers at once. Null (the default) when some target's inputs
    /// cannot all be named (it reads a remote service, or acts on something outside): such a run is never stamped.
    /// </summary>
    protected internal virtual IReadOnlyList<StampRoot>? StampRoots(IReadOnlyCollection<string> plannedTargets) =>
        null;

    /// <summary>Awaited once before the first target runs, after parameters are filled (never for --help or
    /// --plan).</summary>
    protected internal virtual Task OnBuildInitializedAsync() => Task.CompletedTask;

    /// <summary>Awaited after the last target, with every result and before the summary; a report can be written
    /// here.</summary>
    protected internal virtual Task OnBuildFinishedAsync(bool succeeded) => Task.CompletedTask;

    /// <summary>
    /// Runs the build with this process's command line and environment; the task's result is the exit code. The secrets
    /// build.sh handed over on a descriptor are taken first, so the parameters read them as if from the environment.
    /// </summary>
    protected static Task<int> Execute<T>(params Expression<Func<T, Target>>[] defaultTargets)
        where T : NukeBuild, new()
    {
        SecretHandOver.Receive();
        var args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        // Before anything heavy is loaded: a command line whose last run is still current is answered at once.
        var key = RunStamp.KeyFor(args, Environment.GetEnvironmentVariables(), Directory.GetCurrentDirectory());
        var stamp = RunStamp.PathFor(RootDirectory, key);
        if (UnchangedRun.TryAnswer(stamp, RootDirectory, args, Console.Out)) return Task.FromResult(0);
        return BuildRunner.RunAsync(new T(), args,
            defaultTargets.Select(e => ((MemberExpression)e.Body).Member.Name).ToArray(),
            Environment.GetEnvironmentVariable, stampFile: stamp);
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Environment.GetEnvironmentVariable("NUKE_ROOT_DIRECTORY"),
            Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(start)) continue;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, ".nuke"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

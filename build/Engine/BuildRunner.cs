using System.Diagnostics;
using Serilog;
using Spectre.Console;

namespace OpenH264Build.Engine;

/// <summary>Parses the command line, fills parameters, plans, runs each target in order and prints the
/// summary.</summary>
internal static class BuildRunner
{
    /// <summary>The exit code of a run stopped by Ctrl-C, as shells report SIGINT (SIGTERM's is 143).</summary>
    public const int CancelledExitCode = CancelSignals.InterruptedExitCode;

    /// <summary>The exit code of a command line, parameter or plan the build refuses before anything runs.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <param name="output">Where the console output goes (tests capture it); standard output by default.</param>
    /// <param name="logsDirectory">Where real runs write their logs (<see cref="RunLog"/>); <c>artifacts/logs</c>
    /// unless a test
    /// says otherwise, null for none.</param>
    /// <param name="cancellation">The run's cancellation, which Ctrl-C triggers; a test may trigger it itself.</param>
    /// <param name="stampFile">Where this command line's stamp is kept (<see cref="RunStamp"/>); null stamps
    /// nothing.</param>
    /// <returns>0 when every planned target succeeded or was skipped, 1 when one failed, <see
    /// cref="ConfigurationErrorExitCode"/>
    /// or <see cref="CancelledExitCode"/>.</returns>
    public static async Task<int> RunAsync(NukeBuild build, string[] args, string[] defaultTargetNames,
        Func<string, string?> environment,
        TextWriter? output = null, string? logsDirectory = "", CancellationTokenSource? cancellation = null,
        string? stampFile = null)
    {
        output ??= Console.Out;
        // A live display draws on the real terminal only; captured output gets plain lines.
        var consoleLines = output == Console.Out ? build.ConsoleLineWriter : null;
        // The console only, until the command line is known to ask for a real run: --help, --plan and mistakes write no
        // log.
        Logging.Configure(null, output, consoleLines);
        cancellation ??= new CancellationTokenSource();
        using var signals = new CancelSignals(cancellation);
        try
        {
            var request = new RunRequest(build, args, defaultTargetNames, environment);
            var exitCode = await AnswerAsync(request, output, consoleLines, logsDirectory, cancellation, stampFile);
            return exitCode == CancelledExitCode ? signals.ExitCode : exitCode;
        }
        catch (BuildConfigurationException e)
        {
            Log.Error("{Message}", e.Message);
            CiHost.Current.Error(e.Message);
            return ConfigurationErrorExitCode;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Log.Warning("Cancelled");
            return signals.ExitCode;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>Answers --help and --plan without running anything (nor starting a log); anything else runs the
    /// plan.</summary>
    private static async Task<int> AnswerAsync(RunRequest request, TextWriter output, Action<string>? consoleLines,
        string? logsDirectory, CancellationTokenSource cancellation, string? stampFile)
    {
        if (request.Help)
        {
            request.WriteHelp(CreateConsole(output));
            return 0;
        }
        var (plan, skipped) = request.CreatePlan();
        if (request.PlanOnly)
        {
            WritePlan(output, plan, skipped);
            foreach (var input in request.Build.PlanInputs(plan.Except(skipped).Select(t => t.Name).ToList()))
                output.WriteLine($"    reads: {input}");
            return 0;
        }
        StartLog(request.Build, logsDirectory, output, consoleLines);
        var stamp = RunStampRecorder.Start(request, plan, stampFile);
        var exitCode = await RunPlanAsync(request.Build, CreateConsole(output), plan, skipped, cancellation);
        stamp?.Finish(exitCode == 0, request.Build.LogFile, request.Build.SummaryLines());
        return exitCode;
    }

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // Redirected output (CI logs, pipes) has no width: do not fold tables at 80 columns there.
        if (output != Console.Out || Console.IsOutputRedirected) console.Profile.Width = 160;
        return console;
    }

    private static string DefaultLogsDirectory => Path.Combine(NukeBuild.RootDirectory, "artifacts", "logs");

    /// <summary>From here on the run also logs to its own file, unless a test asked for none.</summary>
    private static void StartLog(NukeBuild build, string? logsDirectory, TextWriter output,
        Action<string>? consoleLines)
    {
        build.StartedAt = DateTimeOffset.UtcNow;
        if (logsDirectory is null) return;
        build.LogFile = RunLog.Start(logsDirectory == "" ? DefaultLogsDirectory : logsDirectory, build.StartedAt.Value);
        Logging.Configure(build.LogFile, output, consoleLines);
    }

    private static void WritePlan(TextWriter output, IReadOnlyList<TargetDefinition> plan,
        IReadOnlySet<TargetDefinition> skipped)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            var t = plan[i];
            var note = skipped.Contains(t) ? "  (skipped: --skip)" : "";
            output.WriteLine($"{i + 1,2}. {t.Name,-20} {t.DescriptionText}{note}");
        }
    }

    /// <summary>
    /// Runs the plan between the build's hooks; a run that Ctrl-C or SIGTERM stopped (<see cref="CancelSignals"/>)
    /// exits with <see cref="CancelledExitCode"/>, which the caller turns into the signal's own code; a failed one 1.
    /// </summary>
    private static async Task<int> RunPlanAsync(NukeBuild build, IAnsiConsole console,
        IReadOnlyList<TargetDefinition> plan,
        IReadOnlySet<TargetDefinition> skipped, CancellationTokenSource cancellation)
    {
        build.CancellationToken = cancellation.Token;
        await build.OnBuildInitializedAsync();
        var results = await ExecuteAsync(build, plan, skipped);
        var succeeded = results.All(r => r.Status is TargetStatus.Succeeded or TargetStatus.Skipped);
        await build.OnBuildFinishedAsync(succeeded);
        BuildSummary.Write(console, results);
        foreach (var line in build.SummaryLines()) console.Profile.Out.Writer.WriteLine(line);
        if (!succeeded && cancellation.IsCancellationRequested) return CancelledExitCode;
        return succeeded ? 0 : 1;
    }

    /// <summary>Runs the plan in order, each target finished before the next starts; after a failure or Ctrl-C the rest
    /// do not run.</summary>
    internal static async Task<List<TargetResult>> ExecuteAsync(NukeBuild build, IReadOnlyList<TargetDefinition> plan,
        IReadOnlySet<TargetDefinition> skipped)
    {
        var results = new List<TargetResult>();
        foreach (var target in plan)
        {
            var failed = results.Any(r => r.Status == TargetStatus.Failed);
            results.Add(NotRunResult(build, target, skipped, failed) ?? await RunTargetAsync(build, target));
            build.Results = results.ToList(); // targets that report on the run (Report, Sign) see what ran before them
        }
        return results;
    }

    /// <summary>Why a planned target does not run (an earlier failure, Ctrl-C, --skip, a false condition), or null when
    /// it runs.</summary>
    private static TargetResult? NotRunResult(NukeBuild build, TargetDefinition target,
        IReadOnlySet<TargetDefinition> skipped, bool failed)
    {
        if (failed || build.CancellationToken.IsCancellationRequested)
            return new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero,
                failed ? "an earlier target failed" : "cancelled");
        if (skipped.Contains(target))
            return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, "--skip");
        var falseCondition = target.Conditions.FirstOrDefault(c => !c.Condition());
        if (falseCondition.Condition is null) return null;
        Log.Information("{Target}: skipped ({Reason})", target.Name, falseCondition.Text);
        return new TargetResult(target.Name, TargetStatus.Skipped,
            TimeSpan.Zero, $"condition false: {falseCondition.Text}");
    }

    /// <summary>Runs one target in its own log group: its requirements, then each action, awaited one after the
    /// other.</summary>
    private static async Task<TargetResult> RunTargetAsync(NukeBuild build, TargetDefinition target)
    {
        var stopwatch = Stopwatch.StartNew();
        CiHost.Current.BeginGroup(target.Name);
        Log.Information("» {Target}: {Description}", target.Name, target.DescriptionText);
        try
        {
            var unmet = target.Requirements.FirstOrDefault(r => !r.Requirement());
            if (unmet.Requirement is not null)
                throw new BuildFailure($"{target.Name} requires {unmet.Text}{HowToSet(build, unmet.Text)}");
            await build.RunTargetAsync(target.Name, async () =>
            {
                foreach (var action in target.Actions) await action();
            });
            return new TargetResult(target.Name, TargetStatus.Succeeded, stopwatch.Elapsed);
        }
        catch (Exception e)
        {
            return Failed(target, e, stopwatch.Elapsed);
        }
        finally
        {
            CiHost.Current.EndGroup();
        }
    }

    /// <summary>Logs and annotates a target's failure; the annotation names the file and line a <see
    /// cref="BuildFailure"/> gives.</summary>
    private static TargetResult Failed(TargetDefinition target, Exception e, TimeSpan elapsed)
    {
        var (message, file, line) = Describe(e);
        Log.Error("{Target} failed: {Message}", target.Name, message);
        Log.Debug(e, "{Target} failed", target.Name);
        CiHost.Current.Error($"{target.Name}: {message}", RepositoryPath(file), line);
        return new TargetResult(target.Name, TargetStatus.Failed, elapsed, message);
    }

    /// <summary>Annotations name files as the repository does (a patch under native/patches, not an absolute
    /// path).</summary>
    private static string? RepositoryPath(string? file) =>
        file is not null && Path.IsPathRooted(file) && file.StartsWith(NukeBuild.RootDirectory)
            ? Path.GetRelativePath(NukeBuild.RootDirectory, file) : file;

    /// <summary>For a requirement on parameters, says how to give them: "(set --public-key or PUBLIC_KEY)".</summary>
    private static string HowToSet(NukeBuild build, string requirement)
    {
        var named = ParameterSet.Of(build.GetType()).Parameters
            .Where(p => System.Text.RegularExpressions.Regex.IsMatch(requirement, $@"\b{p.Name}\b"))
            .Select(p => $"{p.OptionName} or {p.EnvironmentVariables[0]}")
            .ToList();
        return named.Count == 0 ? "" : $" (set {string.Join("; ", named)})";
    }

    private static (string Message, string? File, int? Line) Describe(Exception e)
    {
        // A stage that waits on several tasks at once may hand back their one failure wrapped.
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerException!;
        return e switch
        {
            BuildFailure f => (f.Message, f.File, f.Line),
            OperationCanceledException => ("cancelled", null, null),
            _ => ($"{e.GetType().Name}: {e.Message}", null, null)
        };
    }
}

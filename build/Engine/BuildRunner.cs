using System.Diagnostics;
using Serilog;
using Spectre.Console;

namespace OpenH264Build.Engine;

/// <summary>Parses the command line, fills parameters, plans, runs each target in order and prints the summary.</summary>
internal static class BuildRunner
{
    /// <summary>The exit code of a run stopped by Ctrl-C, as shells report a process ended by SIGINT.</summary>
    public const int CancelledExitCode = 130;

    /// <param name="output">Where the console output goes (tests capture it); standard output by default.</param>
    /// <param name="logsDirectory">Where real runs write their logs (<see cref="RunLog"/>); <c>artifacts/logs</c> unless a test
    /// says otherwise, null for none.</param>
    /// <param name="cancellation">The run's cancellation, which Ctrl-C triggers; a test may trigger it itself.</param>
    public static int Run(NukeBuild build, string[] args, string[] defaultTargetNames, Func<string, string?> environment,
        TextWriter? output = null, string? logsDirectory = "", CancellationTokenSource? cancellation = null)
    {
        output ??= Console.Out;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        // Redirected output (CI logs, pipes) has no width: do not fold tables at 80 columns there.
        if (output != Console.Out || Console.IsOutputRedirected) console.Profile.Width = 160;
        var consoleLines = output == Console.Out ? build.ConsoleLineWriter : null;
        // The console only, until the command line is known to ask for a real run.
        Logging.Configure(null, output, consoleLines);
        cancellation ??= new CancellationTokenSource();
        try
        {
            var graph = TargetGraph.From(build);
            var parameters = ParameterSet.Of(build.GetType());
            var request = CommandLine.Parse(args, parameters, graph);
            var defaults = defaultTargetNames.Select(n => graph.Find(n)!).ToList();

            if (request.Help)
            {
                HelpText.Write(console, graph, parameters, build, defaults);
                return 0;
            }

            parameters.Apply(build, request.Parameters, environment, Path.Combine(NukeBuild.RootDirectory, ".nuke", "parameters.json"));
            var requested = request.Targets.Count > 0 ? request.Targets.Select(n => graph.Find(n)!).ToList() : defaults;
            var plan = ExecutionPlan.Create(graph, requested);
            var skipped = request.Skip.Select(n => graph.Find(n)!).ToHashSet();
            build.CheckParameters(new ParameterCheck(parameters, plan.Where(t => !skipped.Contains(t)).Select(t => t.Name)));

            if (request.Plan)
            {
                WritePlan(output, plan, skipped);
                return 0;
            }

            build.StartedAt = DateTimeOffset.UtcNow;
            if (logsDirectory is not null)
            {
                build.LogFile = RunLog.Start(logsDirectory == "" ? DefaultLogsDirectory : logsDirectory, build.StartedAt.Value);
                Logging.Configure(build.LogFile, output, consoleLines);
            }
            return RunPlan(build, console, plan, skipped, cancellation);
        }
        catch (BuildConfigurationException e)
        {
            Log.Error("{Message}", e.Message);
            CiHost.Current.Error(e.Message);
            return 2;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Log.Warning("Cancelled");
            return CancelledExitCode;
        }
        finally
        {
            Log.CloseAndFlush();
        }
    }

    private static string DefaultLogsDirectory => Path.Combine(NukeBuild.RootDirectory, "artifacts", "logs");

    private static void WritePlan(TextWriter output, IReadOnlyList<TargetDefinition> plan, IReadOnlySet<TargetDefinition> skipped)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            var t = plan[i];
            var note = skipped.Contains(t) ? "  (skipped: --skip)" : "";
            output.WriteLine($"{i + 1,2}. {t.Name,-20} {t.DescriptionText}{note}");
        }
    }

    /// <summary>Runs the plan; a run that Ctrl-C stopped exits with <see cref="CancelledExitCode"/>, a failed one with 1.</summary>
    private static int RunPlan(NukeBuild build, IAnsiConsole console, IReadOnlyList<TargetDefinition> plan,
        IReadOnlySet<TargetDefinition> skipped, CancellationTokenSource cancellation)
    {
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C cancels cleanly (containers removed); a second one ends the process.
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            Log.Warning("Cancelling: stopping containers and cleaning up");
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            build.CancellationToken = cancellation.Token;
            build.OnBuildInitialized();
            var results = Execute(build, plan, skipped);
            var succeeded = results.All(r => r.Status is TargetStatus.Succeeded or TargetStatus.Skipped);
            build.OnBuildFinished(succeeded);
            BuildSummary.Write(console, results);
            if (!succeeded && cancellation.IsCancellationRequested) return CancelledExitCode;
            return succeeded ? 0 : 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    internal static List<TargetResult> Execute(NukeBuild build, IReadOnlyList<TargetDefinition> plan, IReadOnlySet<TargetDefinition> skipped)
    {
        var results = new List<TargetResult>();
        var failed = false;
        foreach (var target in plan)
        {
            if (failed || build.CancellationToken.IsCancellationRequested)
            {
                results.Add(new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, failed ? "an earlier target failed" : "cancelled"));
                continue;
            }
            if (skipped.Contains(target))
            {
                results.Add(new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, "--skip"));
                continue;
            }
            var falseCondition = target.Conditions.FirstOrDefault(c => !c.Condition());
            if (falseCondition.Condition is not null)
            {
                results.Add(new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, $"condition false: {falseCondition.Text}"));
                Log.Information("{Target}: skipped ({Reason})", target.Name, falseCondition.Text);
                continue;
            }

            var stopwatch = Stopwatch.StartNew();
            CiHost.Current.BeginGroup(target.Name);
            Log.Information("» {Target}: {Description}", target.Name, target.DescriptionText);
            try
            {
                var unmet = target.Requirements.FirstOrDefault(r => !r.Requirement());
                if (unmet.Requirement is not null)
                    throw new BuildFailure($"{target.Name} requires {unmet.Text}{HowToSet(build, unmet.Text)}");
                build.RunTargetAsync(target.Name, async () =>
                {
                    foreach (var action in target.Actions) await action();
                }).GetAwaiter().GetResult();
                results.Add(new TargetResult(target.Name, TargetStatus.Succeeded, stopwatch.Elapsed));
                build.Results = results.ToList(); // targets that report on the run (Report, Sign) see what ran before them
            }
            catch (Exception e)
            {
                failed = true;
                var (message, file, line) = Describe(e);
                Log.Error("{Target} failed: {Message}", target.Name, message);
                Log.Debug(e, "{Target} failed", target.Name);
                // Annotations name files as the repository does (a patch under native/patches, not an absolute path).
                var annotated = file is not null && Path.IsPathRooted(file) && file.StartsWith(NukeBuild.RootDirectory)
                    ? Path.GetRelativePath(NukeBuild.RootDirectory, file) : file;
                CiHost.Current.Error($"{target.Name}: {message}", annotated, line);
                results.Add(new TargetResult(target.Name, TargetStatus.Failed, stopwatch.Elapsed, message));
            }
            finally
            {
                CiHost.Current.EndGroup();
            }
        }
        build.Results = results;
        return results;
    }

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
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerException!;
        return e switch
        {
            BuildFailure f => (f.Message, f.File, f.Line),
            OperationCanceledException => ("cancelled", null, null),
            _ => ($"{e.GetType().Name}: {e.Message}", null, null)
        };
    }
}

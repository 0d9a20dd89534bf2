using System.Diagnostics;
using OpenH264Build.Engine;
using Serilog;
using Spectre.Console;

namespace OpenH264Build.Terminal;

/// <summary>
/// Progress a person can follow on long work (image build, compiles, corpus decode), per target and per arch
/// with elapsed time. In a terminal it is a live Spectre.Console display, one line per running step with a
/// spinner and a clock; steps may run side by side (both arches) or inside each other. When output is not a
/// terminal (CI, a pipe, a log file) it is plain lines: started, still running every <c>heartbeat</c>, and
/// how it ended, so a long quiet compile does not look hung in a CI log.
/// </summary>
public sealed class ProgressReporter
{
    private readonly IAnsiConsole? _console;
    private readonly Action<string> _writeLine;
    private readonly TimeSpan _heartbeat;
    private readonly Lock _gate = new();
    private int _running;
    private Task<ProgressContext>? _context;
    private TaskCompletionSource? _allDone;
    private Task _display = Task.CompletedTask;

    /// <param name="console">A console to draw a live display on, or null for plain lines.</param>
    /// <param name="writeLine">Where plain lines go; the build log and console by default.</param>
    /// <param name="heartbeat">How often a plain "still running" line is written for a step that has not ended.</param>
    public ProgressReporter(IAnsiConsole? console, Action<string>? writeLine = null, TimeSpan? heartbeat = null)
    {
        _console = console;
        _writeLine = writeLine ?? (line => Log.Information("{Progress}", line));
        _heartbeat = heartbeat ?? TimeSpan.FromMinutes(1);
    }

    /// <summary>The reporter stages use: live in an interactive terminal, plain lines anywhere else (and always on a CI
    /// server).</summary>
    public static ProgressReporter Current { get; set; } = ForThisProcess();

    public bool IsLive => _console is not null;

    /// <summary>Where a plain progress line goes; null while a live display draws the progress instead.</summary>
    public Action<string>? PlainLineWriter => _console is null ? _writeLine : null;

    public static ProgressReporter ForThisProcess()
    {
        var interactive = !Console.IsOutputRedirected && !CiHost.Current.IsServerBuild
            && AnsiConsole.Profile.Capabilities.Interactive;
        return new ProgressReporter(interactive ? AnsiConsole.Console : null);
    }

    public static string Label(string target, string? arch) => arch is null ? target : $"{target} [{arch}]";

    public async Task<T> Step<T>(string target, string? arch, Func<Task<T>> work)
    {
        var label = Label(target, arch);
        var stopwatch = Stopwatch.StartNew();
        return _console is null
            ? await PlainStep(label, stopwatch, work)
            : await LiveStep(label, stopwatch, work);
    }

    public Task Step(string target, string? arch, Func<Task> work) =>
        Step<bool>(target, arch, async () => { await work(); return true; });

    public Task Step(string target, string? arch, Action work) =>
        Step<bool>(target, arch, () => { work(); return Task.FromResult(true); });

    public static string Format(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromMinutes(1)
            ? $"{elapsed.TotalSeconds:0.0} s" : $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s";

    private async Task<T> PlainStep<T>(string label, Stopwatch stopwatch, Func<Task<T>> work)
    {
        _writeLine($"» {label}: started");
        var stopBeating = new CancellationTokenSource();
        var beating = Heartbeat(label, stopwatch, stopBeating.Token);
        async Task StopBeating()
        {
            // Silenced before the last line, so "still running" never follows "done".
            await stopBeating.CancelAsync();
            await beating;
            stopBeating.Dispose();
        }

        T result;
        try
        {
            result = await work();
        }
        catch (Exception e)
        {
            await StopBeating();
            _writeLine(
                $"✘ {label}: {(e is OperationCanceledException ? "cancelled"
                    : "failed")} after {Format(stopwatch.Elapsed)}");
            throw;
        }
        await StopBeating();
        _writeLine($"✔ {label}: done in {Format(stopwatch.Elapsed)}");
        return result;
    }

    private async Task Heartbeat(string label, Stopwatch stopwatch, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                _writeLine($"… {label}: still running ({Format(stopwatch.Elapsed)})");
        }
        catch (OperationCanceledException) { }
    }

    private async Task<T> LiveStep<T>(string label, Stopwatch stopwatch, Func<Task<T>> work)
    {
        var context = await Join();
        var task = context.AddTask(Markup.Escape(label), maxValue: 1);
        task.IsIndeterminate = true;
        var ok = false;
        try
        {
            var result = await work();
            ok = true;
            return result;
        }
        finally
        {
            task.Description = Markup.Escape(label) + (ok ? " [green]done[/]" : " [red]failed[/]");
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.StopTask();
            Log.Debug("{Step}: {Outcome} after {Elapsed}", label, ok ? "done" : "failed", Format(stopwatch.Elapsed));
            await Leave();
        }
    }

    /// <summary>The live display the step joins: started by the first running step, after any earlier one has
    /// closed.</summary>
    private Task<ProgressContext> Join()
    {
        lock (_gate)
        {
            _running++;
            if (_context is not null) return _context;
            var ready = new TaskCompletionSource<ProgressContext>(TaskCreationOptions.RunContinuationsAsynchronously);
            var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var previous = _display;
            _allDone = allDone;
            _context = ready.Task;
            _display = Show(previous, ready, allDone.Task);
            return _context;
        }
    }

    private async Task Show(Task previous, TaskCompletionSource<ProgressContext> ready, Task allDone)
    {
        // Spectre.Console draws one live display at a time: a new one waits for the last to close.
        await previous;
        try
        {
            await _console!.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new SpinnerColumn(),
                    new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    ready.TrySetResult(context);
                    await allDone;
                });
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
        }
    }

    /// <summary>The last running step to end closes the display, so what follows is printed below it.</summary>
    private async Task Leave()
    {
        Task? closing = null;
        lock (_gate)
        {
            if (--_running == 0)
            {
                _allDone!.SetResult();
                _context = null;
                closing = _display;
            }
        }
        if (closing is not null) await closing;
    }
}

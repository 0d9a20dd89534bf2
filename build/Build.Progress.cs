using OpenH264Build.Terminal;
using Spectre.Console;

namespace OpenH264Build;

/// <summary>
/// Progress a person can follow: each target is a step with its elapsed time (live in a terminal, plain
/// started/still running/done lines elsewhere), and long per-architecture work inside targets is a step of its own.
/// </summary>
partial class Build
{
    // In plain output the engine's own "» Target" line and the summary already say this much.
    Task ShowProgressAsync(string name, Func<Task> actions) =>
        ProgressReporter.Current.IsLive ? Terminal.Progress.Step(name, null, actions) : actions();

    // While the live display is drawn, log lines are written through it, so they appear above it instead of through it.
    protected internal override Action<string>? ConsoleLineWriter =>
        ProgressReporter.Current.IsLive ? line => AnsiConsole.Console.Write(new Text(line)) : null;
}

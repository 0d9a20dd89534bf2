using System.Runtime.InteropServices;
using Serilog;

namespace OpenH264Build.Engine;

/// <summary>
/// Every signal that asks a run to stop stops it the same way: Ctrl-C (SIGINT) and SIGTERM (what <c>timeout</c>,
/// systemd and a cancelled CI job send) log "Cancelling", cancel the run (stages stop and remove their containers,
/// the hooks still run) and end it with the shells' code for that signal: 130 for SIGINT, 143 for SIGTERM. A second
/// signal is left to the runtime, which ends the process at once.
/// </summary>
internal sealed class CancelSignals : IDisposable
{
    public const int InterruptedExitCode = 130, TerminatedExitCode = 143;

    private readonly CancellationTokenSource _cancellation;
    private readonly PosixSignalRegistration[] _registrations;

    public CancelSignals(CancellationTokenSource cancellation)
    {
        _cancellation = cancellation;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Cancel(c, "Ctrl-C", InterruptedExitCode)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Cancel(c, "SIGTERM", TerminatedExitCode)),
        ];
    }

    /// <summary>The exit code of a cancelled run: the signal's, or 130 when cancelled otherwise (a test).</summary>
    public int ExitCode { get; private set; } = InterruptedExitCode;

    private void Cancel(PosixSignalContext context, string signal, int exitCode)
    {
        if (_cancellation.IsCancellationRequested) return;
        context.Cancel = true;
        ExitCode = exitCode;
        Log.Warning("Cancelling ({Signal}): stopping containers and cleaning up", signal);
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
    }
}

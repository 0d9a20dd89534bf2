using System.Net;
using System.Net.Sockets;
using System.Text;
using CliWrap;

namespace OpenH264Build.Tests.Engine;

/// <summary>
/// Ctrl-C as a user presses it (SIGINT), and SIGTERM as timeout, systemd or a cancelled CI job send it, to the build program
/// while Prerequisites waits for a Docker engine that never
/// answers (a listener on 127.0.0.1 that accepts and stays silent). The run stops cleanly and exits 130 or 143.
/// </summary>
public sealed class CtrlCTests : IDisposable
{
    private readonly BuildProgram _build = new("ctrl-c");
    private readonly TcpListener _silentEngine = new(IPAddress.Loopback, 0);

    public CtrlCTests() => _silentEngine.Start();

    public void Dispose()
    {
        _silentEngine.Stop();
        _build.Dispose();
    }

    [Theory]
    [InlineData("INT", 130, "Ctrl-C")]
    [InlineData("TERM", 143, "SIGTERM")]
    public async Task Ctrl_c_or_sigterm_during_a_target_cancels_it_and_exits_with_the_signals_code(string signal, int exitCode, string name)
    {
        var output = new StringBuilder();
        var waiting = new TaskCompletionSource();
        var port = ((IPEndPoint)_silentEngine.LocalEndpoint).Port;
        var run = Spine.InterruptibleCommand.Of(Cli.Wrap("dotnet")
                .WithArguments([Path.Combine(AppContext.BaseDirectory, "_build.dll"), "Prerequisites", "--no-install"]))
            .WithWorkingDirectory(_build.Root.FullName)
            .WithEnvironmentVariables(e => e.Set("NUKE_ROOT_DIRECTORY", _build.Root.FullName).Set("GITHUB_ACTIONS", null)
                .Set("OPENH264_DOCKER_HOST", $"tcp://127.0.0.1:{port}"))
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                lock (output) output.AppendLine(line);
                if (line.Contains("» Prerequisites")) waiting.TrySetResult();
            }))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync();

        // The engine is asked within a second of the target's start; its ping waits five seconds for an answer.
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var connection = await _silentEngine.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Cli.Wrap("kill").WithArguments([$"-{signal}", run.ProcessId.ToString()]).ExecuteAsync();
        var result = await run;
        connection.Dispose();

        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}: {output}");
        Assert.Contains($"Cancelling ({name})", output.ToString());
        Assert.Contains("Prerequisites failed: cancelled", output.ToString());
    }
}

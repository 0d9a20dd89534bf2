using System.Text;
using CliWrap;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build.Processes;

/// <summary>
/// The one way the build runs a host program: through CliWrap, logged at debug level (the logger masks secrets),
/// with an allow-listed environment (<see cref="ChildEnvironment"/>), cancellable, with an optional time
/// limit; a program that is missing or fails becomes a one-line <see cref="BuildFailure"/>.
/// </summary>
public static class HostProgram
{
    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> arguments,
        ProgramOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ProgramOptions();
        var args = arguments.ToList();
        var (stdout, stderr) = (new StringBuilder(), new StringBuilder());
        var command = Command(program, args, options, stdout, stderr);
        Log.Debug("$ {Program} {Arguments}", program, string.Join(' ', args));
        var finished = await ExecuteAsync(command, program, args, options, cancellationToken);
        var result = new ProgramResult(finished.ExitCode, stdout.ToString(), stderr.ToString());
        if (result.StandardOutput.Length > 0) Log.Debug("{Output}", result.StandardOutput.TrimEnd());
        if (result.StandardError.Length > 0) Log.Debug("{Output}", result.StandardError.TrimEnd());
        if (!result.Succeeded && !options.AllowFailure)
            throw new BuildFailure(
                $"{Describe(program, args, options)} exited with {result.ExitCode}: {result.LastLine}");
        return result;
    }

    static Command Command(string program, IReadOnlyList<string> args, ProgramOptions options, StringBuilder stdout,
        StringBuilder stderr)
    {
        var command = Cli.Wrap(program)
            .WithArguments(args)
            .WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(ChildEnvironment.For(options.Inherit, options.Environment))
            .WithStandardOutputPipe(options.StandardOutput ?? PipeTarget.ToStringBuilder(stdout, Encoding.UTF8))
            .WithStandardErrorPipe(options.StandardError is { } errors
                ? PipeTarget.Merge(errors, PipeTarget.ToStringBuilder(stderr, Encoding.UTF8))
                : PipeTarget.ToStringBuilder(stderr, Encoding.UTF8));
        if (options.WorkingDirectory is not null) command = command.WithWorkingDirectory(options.WorkingDirectory);
        if (options.StandardInput is not null) command =
            command.WithStandardInputPipe(PipeSource.FromStream(options.StandardInput));
        return command;
    }

    /// <summary>Runs the command within its time limit; a program that cannot start or overruns becomes a one-line
    /// failure.</summary>
    static async Task<CommandResult> ExecuteAsync(Command command, string program, IReadOnlyList<string> args,
        ProgramOptions options,
        CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } timeout) limit.CancelAfter(timeout);
        try
        {
            return await command.ExecuteAsync(limit.Token);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            var why = Which(program) is null && !program.Contains('/')
                ? "it is not on PATH; the Prerequisites target installs the host tools"
                : (e.InnerException ?? e).Message;
            throw new BuildFailure($"{Prefix(options)}{program} could not be started: {why}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested
            && options.Timeout is { } overrun)
        {
            // CliWrap has killed the program and everything it started by now.
            throw new BuildFailure(
                $"{Describe(program, args, options)} was stopped after its time limit of {Seconds(overrun)}");
        }
    }

    /// <summary>Runs a program for its standard output, trimmed ("abidiff --version").</summary>
    public static async Task<string> ReadAsync(string program, IEnumerable<string> arguments,
        CancellationToken cancellationToken = default) =>
        (await RunAsync(program, arguments, cancellationToken: cancellationToken)).StandardOutput.Trim();

    /// <summary>Finds a program on PATH (and the sbin folders root has) without running anything.</summary>
    public static string? Which(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>The last meaningful line of a program's output, so a failure stays one line.</summary>
    public static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? "(no output)";

    /// <summary>"patch -p1 --batch --forward", or with a purpose "Unpacking x.tar.xz: xz".</summary>
    static string Describe(string program, IReadOnlyList<string> args, ProgramOptions options) =>
        options.Purpose is { Length: > 0 } purpose
            ? $"{purpose}: {Path.GetFileName(program)}"
            : $"{Path.GetFileName(program)} {string.Join(' ', args.Take(3))}".TrimEnd();

    static string Prefix(ProgramOptions options) => options.Purpose is { Length: > 0 } purpose ? purpose + ": " : "";

    static string Seconds(TimeSpan limit) => limit.TotalSeconds >= 1
        ? $"{limit.TotalSeconds:0.#} s" : $"{limit.TotalMilliseconds:0} ms";

}

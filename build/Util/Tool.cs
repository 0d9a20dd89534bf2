using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build.Util;

/// <summary>
/// Runs a host program through CliWrap, keeping its output for the log file; a non-zero exit becomes a
/// <see cref="BuildFailure"/> that names the program and quotes the end of what it printed.
/// </summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Result> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool allowFailure = false,
        Stream? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        var command = Cli.Wrap(program)
            .WithArguments(args)
            .WithValidation(CommandResultValidation.None);
        if (workingDirectory is not null) command = command.WithWorkingDirectory(workingDirectory);
        if (environment is not null) command = command.WithEnvironmentVariables(environment);
        if (standardInput is not null) command = command.WithStandardInputPipe(PipeSource.FromStream(standardInput));

        Log.Debug("$ {Program} {Arguments}", program, string.Join(' ', args));
        BufferedCommandResult result;
        try
        {
            result = await command.ExecuteBufferedAsync(Encoding.UTF8, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildFailure($"{program} could not be started ({e.Message}); is it installed?");
        }
        if (result.StandardOutput.Length > 0) Log.Debug("{Output}", result.StandardOutput.TrimEnd());
        if (result.StandardError.Length > 0) Log.Debug("{Output}", result.StandardError.TrimEnd());
        if (result.ExitCode != 0 && !allowFailure)
            throw new BuildFailure($"{Path.GetFileName(program)} {string.Join(' ', args.Take(3))} exited with {result.ExitCode}: {Tail(result.StandardError + result.StandardOutput)}");
        return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>The last meaningful line, so a failure stays one line.</summary>
    public static string Tail(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";

    /// <summary>Finds a program on PATH without running anything.</summary>
    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

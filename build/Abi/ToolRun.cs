using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build.Abi;

/// <summary>
/// Runs one host tool (abidiff, abidw, apt-get, dpkg-deb, tar) with CliWrap and keeps its exit code and
/// output: abidiff speaks through exit bits, so a non-zero exit is for the caller to read, not an error here.
/// </summary>
public static class ToolRun
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Result> RunAsync(string tool, IEnumerable<string> arguments, string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        Log.Debug("$ {Tool} {Arguments}", tool, string.Join(' ', args));
        try
        {
            var command = Cli.Wrap(tool).WithArguments(args).WithValidation(CommandResultValidation.None);
            if (workingDirectory is not null) command = command.WithWorkingDirectory(workingDirectory);
            var result = await command.ExecuteBufferedAsync(Encoding.UTF8, cancellationToken);
            return new Result(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new BuildFailure($"'{tool}' is not installed (the Prerequisites target installs it)");
        }
    }

    /// <summary>Runs a tool that must succeed; its failure becomes a one-line <see cref="BuildFailure"/>.</summary>
    public static async Task<Result> RunCheckedAsync(string tool, IEnumerable<string> arguments, string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(tool, arguments, workingDirectory, cancellationToken);
        if (result.ExitCode != 0)
            throw new BuildFailure($"{tool} failed (exit {result.ExitCode}): {FirstLine(result.StandardError) ?? FirstLine(result.StandardOutput) ?? "no output"}");
        return result;
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}

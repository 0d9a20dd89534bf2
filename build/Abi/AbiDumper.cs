using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Abi;

/// <summary>
/// Writes the <c>abidw</c> XML of a built library (every type its debug info knows, public or not), stored
/// with the package so the next release compares against it without rebuilding this one.
/// </summary>
public static class AbiDumper
{
    public static async Task DumpAsync(string library, string? debugInfoDirectory, string? headersDirectory,
        string outputFile,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputFile))!);
        // The dump ships with the release: no path of the build machine goes into it.
        var args = new List<string> { "--no-corpus-path", "--no-comp-dir-path" };
        if (debugInfoDirectory is not null) args.AddRange(["--debug-info-dir", debugInfoDirectory]);
        if (headersDirectory is not null) args.AddRange(["--headers-dir", headersDirectory]);
        args.AddRange(["--out-file", outputFile, library]);
        var result = await HostProgram.RunAsync("abidw", args, new() { AllowFailure = true }, cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(outputFile))
            throw new BuildFailure(
                $"abidw could not dump {Path.GetFileName(library)} (exit {result.ExitCode}): {result.StandardError
                    .Trim().Split('\n')[0]}");
    }
}

using OpenH264Build.Host;
using OpenH264Build.Processes;

namespace OpenH264Build.Compat;

/// <summary>
/// Compiles native/harness with the host's compilers (gcc, aarch64-linux-gnu-gcc): what the tests use, and what
/// the Compat target falls back to when the pipeline did not hand it a harness built in the toolchain container.
/// The command is the same one the container runs: cc -O2 -I include -o h264harness native/harness/*.c -ldl
/// </summary>
public static class HarnessBuilder
{
    public static string Compiler(TargetArch arch) =>
        arch == ArchExecutor.HostArch ? "gcc" : arch == TargetArch.Aarch64 ? "aarch64-linux-gnu-gcc"
            : "x86_64-linux-gnu-gcc";

    public static async Task<string> BuildAsync(string harnessSourceDirectory, string includeDirectory,
        TargetArch arch, string outputPath,
        CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(includeDirectory, "codec_api.h")))
            throw new Engine.BuildFailure($"No codec_api.h in {includeDirectory}: the harness needs OpenH264's " +
                $"public headers");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        var sources = Directory.GetFiles(harnessSourceDirectory, "*.c").OrderBy(s => s, StringComparer.Ordinal);
        var result = await HostProgram.RunAsync(Compiler(arch), new[] { "-O2", "-I", includeDirectory, "-o",
            outputPath }.Concat(sources).Append("-ldl"),
            new() { AllowFailure = true }, cancellationToken);
        if (result.ExitCode != 0)
            throw new Engine.BuildFailure(
                $"Compiling the harness for {arch.Name()} failed: {result.StandardError.Trim()}");
        return outputPath;
    }
}

using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Spine;

/// <summary>The repository's ./build.sh as a user runs it, and the patch series a user would try.</summary>
internal static class BuildScript
{
    public static async Task<BufferedCommandResult> RunAsync(params string[] args) =>
        await Cli.Wrap(Path.Combine(RepositoryPaths.Root, "build.sh"))
            .WithArguments(args)
            .WithWorkingDirectory(RepositoryPaths.Root)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8);

    /// <summary>A copy of the project's series in <paramref name="folder"/> with one more patch at its end.</summary>
    public static string SeriesWith(string folder, string name, string patchText)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "native", "patches")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        File.AppendAllText(Path.Combine(folder, "series"), name + "\n");
        File.WriteAllText(Path.Combine(folder, name), patchText);
        return folder;
    }
}

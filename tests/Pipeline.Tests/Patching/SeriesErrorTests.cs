using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Patching;

/// <summary>A series that cannot be built stops ./build.sh with a non-zero exit and one line naming what is wrong.</summary>
public class SeriesErrorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("series-errors-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private static async Task<string> FailureLine(params string[] args)
    {
        var run = await PatchPipeline.RunAsync(["Patch", .. args]);
        Assert.NotEqual(0, run.ExitCode);
        var line = run.Output.Split('\n').Single(l => l.Contains("Patch failed: "));
        return line[(line.IndexOf("Patch failed: ", StringComparison.Ordinal) + "Patch failed: ".Length)..].TrimEnd();
    }

    [Fact]
    public async Task A_patches_folder_that_does_not_exist_is_named_as_given_not_as_native_patches()
    {
        // Checked with the other parameters, before anything runs.
        var run = await PatchPipeline.RunAsync("Patch", "--patches", "no-such/patches");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Parameter --patches from the command line: 'no-such/patches' does not exist (accepted: an existing folder).",
            run.Output.Split('\n').Single(l => l.Contains("ERR]")));
    }

    [Fact]
    public async Task An_empty_series_and_a_reverse_option_are_refused()
    {
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        await File.WriteAllTextAsync(Path.Combine(_root, "empty", "series"), "# nothing\n");
        Assert.Equal($"{_root}/empty/series lists no patch: a build without patches would ship upstream unchanged",
            await FailureLine("--patches", Path.Combine(_root, "empty")));

        var folder = BuildScript.SeriesWith(Path.Combine(_root, "reverse"), "0002-x.patch", "Description: x\nAuthor: A\n---\n--- a/x\n+++ b/x\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "series"), (await File.ReadAllTextAsync(Path.Combine(folder, "series"))).Replace("0002-x.patch", "0002-x.patch -R"));
        Assert.Equal($"{folder}/series line 3 (0002-x.patch): option '-R' (apply in reverse) is not supported: this pipeline applies patches forward with -pN only",
            await FailureLine("--patches", folder));
    }
}

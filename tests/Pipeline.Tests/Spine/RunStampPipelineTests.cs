using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Engine;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// The pipeline's run stamp: a ./build.sh whose inputs and outputs are as its last run left them answers at once, and
/// a change to any input of any stage of the default pipeline, or to what it left, is seen, so that stage runs again.
/// </summary>
[Collection("Pipeline")]
public class RunStampPipelineTests() : PipelineTreeTest("run-stamp-tests")
{
    /// <summary>
    /// The tree's ./build.sh as a user runs it: its stamp answers (the trees' default is to run every time).
    /// </summary>
    Task<BufferedCommandResult> BuildAsync(params string[] args) =>
        Tree.BuildWithAsync(new Dictionary<string, string?> { [RunStamp.RerunVariable] = null }, args);

    const string Answered = "Nothing changed since the run that ended";

    [Fact]
    public async Task A_second_run_with_nothing_changed_is_answered_and_a_changed_patch_or_a_removed_report_runs_Patch_again()
    {
        var first = await BuildAsync("Patch");
        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        Assert.Contains("Series: ", first.StandardOutput);

        var second = await BuildAsync("Patch");
        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);
        Assert.Contains(Answered, second.StandardOutput);
        Assert.DoesNotContain("Series: ", second.StandardOutput);

        var patch = Directory.GetFiles(Path.Combine(Tree.Root, "native", "patches"), "*.patch")[0];
        File.WriteAllText(patch, File.ReadAllText(patch).Replace("Description:", "Description: (edited)"));
        var third = await BuildAsync("Patch");
        Assert.DoesNotContain(Answered, third.StandardOutput);
        Assert.Contains("(edited)", third.StandardOutput);

        File.Delete(Path.Combine(Reports, "patches.json"));
        var fourth = await BuildAsync("Patch");
        Assert.DoesNotContain(Answered, fourth.StandardOutput);
        Assert.True(File.Exists(Path.Combine(Reports, "patches.json")));
    }

    /// <summary>
    /// One input of each stage of the default pipeline (and what it leaves), changed as a user would.
    /// </summary>
    public static TheoryData<string, string> Changes() => new()
    {
        { "Fetch", "native/source.json" }, { "Patch", "native/patches/series" }, { "Toolchain", "native/toolchain/Dockerfile" },
        { "Compile", "native/compile/compile-openh264.sh" }, { "Compile", "native/harness/h264harness.c" },
        { "Package", "a new commit" }, { "Package", "a release tag on HEAD" }, { "Abi", "native/abi-suppressions.ini" },
        { "Abi", "the ABI verdicts emptied" }, { "Compat", "native/compat/corpus.json" }, { "Compat", "native/sandbox/Dockerfile" },
        { "Compat", "the compatibility verdicts emptied" }, { "Sign", "the development key" }, { "Sign", "a file of the dist" },
        { "Report", "the report page removed" }, { "every stage", ".nuke/parameters.json" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_changed_input_of_a_stage_or_a_changed_output_is_seen(string stage, string change)
    {
        var paths = new RunPaths(Tree.Root);
        PlaceOutputs(paths);
        var snapshots = new Build().StampRootsIn(paths).Select(StampSnapshot.Take).ToList();
        Assert.Null(snapshots.Select(s => s.FirstChange()).FirstOrDefault(c => c is not null));

        await ChangeAsync(paths, change);
        Assert.True(snapshots.Any(s => s.FirstChange() is not null), $"{stage}: {change} was not seen");
    }

    /// <summary>What a finished run leaves: a dist, the report page, verdicts and the development key.</summary>
    static void PlaceOutputs(RunPaths paths)
    {
        foreach (var (folder, file) in new[] { (paths.Dist, "SHA256SUMS"), (paths.Reports, "index.html"),
                     (Path.Combine(paths.Cache, "abi-verdict", "k"), "verdict.json"), (Path.Combine(paths.Cache, "compat-verdict", "k"), "verdict.json"),
                     (paths.DevelopmentKeys, "release.key") })
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, file), "as the run left it");
        }
    }

    async Task ChangeAsync(RunPaths paths, string change)
    {
        switch (change)
        {
            case "a new commit": await Git("commit", "-q", "--allow-empty", "-m", "another"); break;
            case "a release tag on HEAD": await Git("tag", "v2.3.1-9"); break;
            case "the ABI verdicts emptied": Directory.Delete(Path.Combine(paths.Cache, "abi-verdict"), true); break;
            case "the compatibility verdicts emptied": Directory.Delete(Path.Combine(paths.Cache, "compat-verdict"), true); break;
            case "the development key": File.WriteAllText(Path.Combine(paths.DevelopmentKeys, "release.key"), "another key"); break;
            case "a file of the dist": File.WriteAllText(Path.Combine(paths.Dist, "SHA256SUMS"), "tampered"); break;
            case "the report page removed": File.Delete(Path.Combine(paths.Reports, "index.html")); break;
            default: File.AppendAllText(Path.Combine(paths.Root, change), "\n"); break;
        }
    }

    Task<BufferedCommandResult> Git(params string[] args) =>
        Cli.Wrap("git").WithArguments(["-C", Tree.Root, "-c", "user.name=Test", "-c", "user.email=test@example.org", .. args])
            .WithValidation(CommandResultValidation.ZeroExitCode).ExecuteBufferedAsync();
}

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// ./build.sh compiles the build program only when its sources changed: a touch (same content) starts the compiled
/// program as it is, and a changed source, even one whose size and modification time were put back, is compiled.
/// </summary>
[Collection("Pipeline")]
public class BuildProgramCurrencyTests() : PipelineTreeTest("build-program-tests")
{
    /// <summary>What every compile of the build program writes anew: the digest of its sources.</summary>
    string DigestFile => Path.Combine(Tree.Root, "build", "bin", "Debug", "net10.0", "_build.dll.sources.sha256");

    [Fact]
    public async Task A_touched_source_is_not_compiled_again_and_a_changed_one_is()
    {
        var first = await Tree.BuildAsync("--help");
        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        var (digest, compiledAt) = (File.ReadAllText(DigestFile), File.GetLastWriteTimeUtc(DigestFile));

        var source = Path.Combine(Tree.Root, "build", "Build.Paths.cs");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow);
        Assert.Equal(0, (await Tree.BuildAsync("--help")).ExitCode);
        Assert.Equal(compiledAt, File.GetLastWriteTimeUtc(DigestFile));

        var time = File.GetLastWriteTimeUtc(source);
        var text = File.ReadAllText(source);
        // One letter of a comment: the same size, and the old modification time put back below.
        File.WriteAllText(source, text.Replace("Where everything lives", "WHERE everything lives"));
        File.SetLastWriteTimeUtc(source, time);
        var changed = await Tree.BuildAsync("--help");
        Assert.True(changed.ExitCode == 0, changed.StandardOutput + changed.StandardError);
        Assert.NotEqual(digest, File.ReadAllText(DigestFile));
    }
}

using OpenH264Build.Caching;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Caching;

/// <summary>A kept verdict is restored only while every kept file still has the digest it was kept with.</summary>
public class VerdictCacheTests
{
    private static (VerdictCache Cache, StageCache Stages, Dictionary<string, string> Outputs) Setup(TempFolder temp)
    {
        var stages = new StageCache(temp.File("cache"));
        Directory.CreateDirectory(temp.File("reports"));
        File.WriteAllText(temp.File("reports/abi-x86_64.json"), """{"verdict": "pass", "candidateSha256": "aaaa"}""");
        File.WriteAllText(temp.File("reports/abi-x86_64.md"), "# pass");
        return (new VerdictCache(stages), stages, new Dictionary<string, string>
        {
            ["abi.json"] = temp.File("reports/abi-x86_64.json"),
            ["abi.md"] = temp.File("reports/abi-x86_64.md"),
        });
    }

    [Fact]
    public async Task An_intact_verdict_is_restored()
    {
        using var temp = new TempFolder();
        var (cache, _, outputs) = Setup(temp);
        await cache.SaveAsync("abi-verdict", "key1", outputs);
        File.Delete(outputs["abi.json"]);
        Assert.True(cache.TryRestore("abi-verdict", "key1", outputs));
        Assert.Contains("aaaa", File.ReadAllText(outputs["abi.json"]));
    }

    [Theory]
    [InlineData("edited")]
    [InlineData("removed")]
    [InlineData("added")]
    public async Task A_kept_verdict_that_changed_is_dropped_and_checked_again(string change)
    {
        using var temp = new TempFolder();
        var (cache, stages, outputs) = Setup(temp);
        await cache.SaveAsync("abi-verdict", "key1", outputs);
        var kept = stages.PathFor("abi-verdict", "key1");
        switch (change)
        {
            case "edited": File.WriteAllText(Path.Combine(kept, "abi.json"), """{"verdict": "pass", "candidateSha256": "bbbb"}"""); break;
            case "removed": File.Delete(Path.Combine(kept, "abi.md")); break;
            case "added": File.WriteAllText(Path.Combine(kept, "compat.json"), "{}"); break;
        }
        File.WriteAllText(outputs["abi.json"], "fresh");

        Assert.False(cache.TryRestore("abi-verdict", "key1", outputs));
        Assert.False(stages.Has("abi-verdict", "key1"));
        Assert.Equal("fresh", File.ReadAllText(outputs["abi.json"]));
    }
}

using OpenH264Build.Caching;

namespace OpenH264Build.Tests.Caching;

/// <summary>
/// A kept verdict comes back only for exactly the inputs it was made from. The key is made by the check from
/// everything its verdict depends on (libraries, checker, tool versions); whatever changes the key must mean
/// "check again": a different key never restores, and restoring never leaves an older report in place.
/// </summary>
public sealed class VerdictCacheKeyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("verdict-cache-").FullName;
    private string Report => Path.Combine(_root, "reports", "abi-x86_64.json");
    private Dictionary<string, string> Outputs => new() { ["abi.json"] = Report };

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private VerdictCache Cache() => new(new StageCache(Path.Combine(_root, "cache")));

    [Fact]
    public async Task A_verdict_kept_under_one_key_is_not_restored_under_another()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Report)!);
        File.WriteAllText(Report, """{"verdict": "pass", "checker": "v1"}""");
        await Cache().SaveAsync("abi-verdict", "key-checker-v1-abidiff-2.2", Outputs);

        // The checker's code or a tool version changed: another key. Nothing is restored and the report stays as the check leaves it.
        File.WriteAllText(Report, "the fresh check's report");
        Assert.False(Cache().TryRestore("abi-verdict", "key-checker-v2-abidiff-2.2", Outputs));
        Assert.False(Cache().TryRestore("abi-verdict", "key-checker-v1-abidiff-2.4", Outputs));
        Assert.Equal("the fresh check's report", File.ReadAllText(Report));

        // The same key does restore, byte for byte.
        Assert.True(Cache().TryRestore("abi-verdict", "key-checker-v1-abidiff-2.2", Outputs));
        Assert.Equal("""{"verdict": "pass", "checker": "v1"}""", File.ReadAllText(Report));
    }

    [Fact]
    public async Task A_verdict_of_one_check_is_not_restored_for_another_check_with_the_same_key()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Report)!);
        File.WriteAllText(Report, "abi report");
        await Cache().SaveAsync("abi-verdict", "same-key", Outputs);
        Assert.False(Cache().TryRestore("compat-verdict", "same-key", Outputs));
    }

    [Fact]
    public void An_empty_cache_restores_nothing_and_leaves_the_outputs_alone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Report)!);
        File.WriteAllText(Report, "untouched");
        Assert.False(Cache().TryRestore("abi-verdict", "any", Outputs));
        Assert.Equal("untouched", File.ReadAllText(Report));
    }
}

using OpenH264Build.Caching;

namespace OpenH264Build.Tests.Caching;

/// <summary>Outputs made once per key and copied after: the same key does not produce again, another key does.</summary>
public sealed class CachedOutputsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cached-outputs-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_same_key_is_produced_once_and_copied_and_another_key_is_produced_again()
    {
        var cache = new StageCache(Path.Combine(_root, "cache"));
        var produced = 0;
        Task Produce(string folder)
        {
            produced++;
            Directory.CreateDirectory(Path.Combine(folder, "apt"));
            File.WriteAllText(Path.Combine(folder, "apt", "Release"), "run " + produced);
            return Task.CompletedTask;
        }

        var (first, firstReused) = await CachedOutputs.GetAsync(cache, "package", "key-a", Produce);
        var (second, secondReused) = await CachedOutputs.GetAsync(cache, "package", "key-a", Produce);
        var copied = CachedOutputs.CopyInto(second, Path.Combine(_root, "dist"));
        var (_, otherReused) = await CachedOutputs.GetAsync(cache, "package", "key-b", Produce);

        Assert.Equal((false, true, false), (firstReused, secondReused, otherReused));
        Assert.Equal(first, second);
        Assert.Equal(2, produced);
        Assert.Equal([Path.Combine(_root, "dist", "apt", "Release")], copied);
        Assert.Equal("run 1", File.ReadAllText(copied[0]));
    }
}

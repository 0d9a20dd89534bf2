using OpenH264Build.Caching;

namespace OpenH264Build.Tests.Caching;

/// <summary>One stage cache used by two runs at once (test trees link it; two jobs may share a runner): an entry
/// another run is reading is never replaced or pruned under it.</summary>
public sealed class StageCacheSharingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "stage-cache-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_producer_that_finishes_second_keeps_the_first_entry_and_leaves_no_scratch()
    {
        var cache = new StageCache(_root);
        var firstPlaced = new TaskCompletionSource();
        var second = cache.GetOrCreateAsync("patched", "k", async folder =>
        {
            await firstPlaced.Task;
            await File.WriteAllTextAsync(Path.Combine(folder, "tree"), "second");
        });

        var (path, hit) = await cache.GetOrCreateAsync("patched", "k",
            folder => File.WriteAllTextAsync(Path.Combine(folder, "tree"), "first"));
        using var reader = new StreamReader(Path.Combine(path, "tree"));
        firstPlaced.SetResult();
        var (secondPath, _) = await second;

        Assert.False(hit);
        Assert.Equal(path, secondPath);
        Assert.Equal("first", await reader.ReadToEndAsync());
        Assert.Equal("first", File.ReadAllText(Path.Combine(path, "tree")));
        Assert.Equal([path], Directory.GetDirectories(Path.Combine(_root, "patched")));
    }

    [Fact]
    public async Task An_incomplete_leftover_is_replaced_and_a_scratch_being_filled_is_not_pruned()
    {
        var cache = new StageCache(_root);
        var leftover = cache.PathFor("patched", "k");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "tree"), "half");
        var filling = cache.PathFor("patched", "other") + ".partial-0000beef";
        Directory.CreateDirectory(filling);

        var (path, _) = await cache.GetOrCreateAsync("patched", "k",
            folder => File.WriteAllTextAsync(Path.Combine(folder, "tree"), "whole"));
        cache.Prune("patched", ["k"], keepLatest: 0);

        Assert.Equal("whole", File.ReadAllText(Path.Combine(path, "tree")));
        Assert.True(Directory.Exists(filling));
    }

    [Fact]
    public async Task An_entry_another_run_just_used_is_not_pruned_and_one_unused_for_two_hours_is()
    {
        var cache = new StageCache(_root);
        var (reading, _) = await cache.GetOrCreateAsync("patched", "read", folder => File.WriteAllTextAsync(Path.Combine(folder, "tree"), "read"));
        var (stale, _) = await cache.GetOrCreateAsync("patched", "stale", folder => File.WriteAllTextAsync(Path.Combine(folder, "tree"), "stale"));
        foreach (var entry in new[] { reading, stale }) Directory.SetLastWriteTimeUtc(entry, DateTime.UtcNow.AddHours(-2));

        // One run hits "read" and reads it; meanwhile another run, with an entry of its own, prunes.
        var (hit, wasHit) = await cache.GetOrCreateAsync("patched", "read", _ => throw new InvalidOperationException("not a hit"));
        Assert.True(wasHit);
        await cache.GetOrCreateAsync("patched", "own", folder => File.WriteAllTextAsync(Path.Combine(folder, "tree"), "own"));
        cache.Prune("patched", ["own"], keepLatest: 0);

        Assert.Equal("read", File.ReadAllText(Path.Combine(hit, "tree")));
        Assert.False(Directory.Exists(stale));
    }
}

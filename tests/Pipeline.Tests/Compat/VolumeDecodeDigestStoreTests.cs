using OpenH264Build.Compat;
using OpenH264Build.Containers;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// The decode cache in an engine volume (a test's own, removed after): what one store writes another finds, a shelf
/// at a time, and a shelf never written reads as empty.
/// </summary>
public sealed class VolumeDecodeDigestStoreTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "decode-volume-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private DockerEngine _engine = null!;
    private EngineVolume _volume = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _engine = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
        var image = await new BaseImageBuilder(_engine, _dir).EnsureAsync("bookworm", default);
        _volume = new EngineVolume(_engine, "openh264-decode-digests-test-" + Guid.NewGuid().ToString("N")[..8], image);
    }

    public async Task DisposeAsync()
    {
        await _volume.RemoveAsync();
        _engine.Dispose();
        Directory.Delete(_dir, true);
    }

    [Fact]
    public async Task Entries_written_by_one_store_are_found_by_another_a_shelf_at_a_time()
    {
        await new VolumeDecodeDigestStore(_volume).WriteAsync(Shelf("x86_64-lib-a", "one", "first\n"), default);
        var other = new VolumeDecodeDigestStore(_volume);
        await other.WriteAsync(Shelf("x86_64-lib-a", "two", "second\n"), default);

        var found = await other.ReadAsync("x86_64-lib-a", ["one", "two", "three"], default);
        var elsewhere = await other.ReadAsync("x86_64-lib-b", ["one"], default);

        Assert.Equal(new Dictionary<string, string> { ["one"] = "first\n", ["two"] = "second\n" }, found);
        Assert.Empty(elsewhere);
        Assert.Contains(VolumeDecodeDigestStore.VolumeName, new VolumeDecodeDigestStore(new EngineVolume(_engine,
            VolumeDecodeDigestStore.VolumeName, "unused")).Description);
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Shelf(string shelf, string id,
        string text) =>
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [shelf] = new Dictionary<string, string> { [id] = text },
        };
}

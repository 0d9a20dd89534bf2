using Docker.DotNet.Models;
using ICSharpCode.SharpZipLib.Tar;
using OpenH264Build.Archives;
using OpenH264Build.Containers;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// Engine volumes against the real engine: files go in and come out only through the API, what comes out passes the
/// container tar reader (links, fifos and oversized output refused with one line), and a volume survives an export to
/// a host tar and an import into another volume.
/// </summary>
public sealed class EngineVolumeTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-volume-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _prefix = "openh264-test-volume-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<EngineVolume> _made = [];
    private DockerEngine _engine = null!;
    private string _image = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _engine = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
        _image = await new BaseImageBuilder(_engine, _dir).EnsureAsync("bookworm", default);
    }

    public async Task DisposeAsync()
    {
        foreach (var volume in _made) await volume.RemoveAsync();
        _engine.Dispose();
        Directory.Delete(_dir, true);
    }

    private async Task<EngineVolume> VolumeAsync(string suffix)
    {
        var volume = new EngineVolume(_engine, $"{_prefix}-{suffix}", _image);
        _made.Add(volume);
        await volume.EnsureAsync(new Dictionary<string, string> { ["openh264-build.test"] = _prefix }, default);
        return volume;
    }

    private static readonly TarLimits Limits = new("volume test", 1 << 20);

    [Fact]
    public async Task Files_put_in_come_out_and_an_exported_volume_imports_into_another()
    {
        var volume = await VolumeAsync("a");
        Assert.True(await volume.IsEmptyAsync(default));
        await volume.PutAsync([TarEntrySource.Directory("sub"), TarEntrySource.Bytes("sub/hello.txt", "hello"u8.ToArray())], 1000, default);
        Assert.False(await volume.IsEmptyAsync(default));

        var inspected = await _engine.Client.Volumes.InspectAsync(volume.Name);
        Assert.Equal(volume.Name, inspected.Labels[EngineVolume.Label]);
        Assert.Equal(_prefix, inspected.Labels["openh264-build.test"]);
        var tar = Path.Combine(_dir, "export", "a.tar");
        await volume.ExportAsync(tar, default);
        var copy = await VolumeAsync("b");
        await copy.ImportAsync(tar, default);
        await copy.ReadAsync(Path.Combine(_dir, "read"), Limits, default);

        Assert.Equal("hello", File.ReadAllText(Path.Combine(_dir, "read", "sub", "hello.txt")));
    }

    [Fact]
    public async Task A_link_or_a_fifo_in_a_volume_is_refused_with_one_line_and_nothing_is_followed()
    {
        var linked = await VolumeAsync("link");
        await linked.PutAsync([TarEntrySource.Symlink("shadow", "/etc/shadow")], 1000, default);
        var fifo = await VolumeAsync("fifo");
        await fifo.ImportAsync(FifoTar(), default);

        var link = await Assert.ThrowsAsync<BuildFailure>(() => linked.ReadAsync(Path.Combine(_dir, "l"), Limits, default));
        var pipe = await Assert.ThrowsAsync<BuildFailure>(() => fifo.ReadAsync(Path.Combine(_dir, "f"), Limits, default));

        Assert.Equal("Refused tar entry 'volume/shadow' from volume test: it is a symbolic link; only regular files and folders are taken from a container", link.Message);
        Assert.Contains("'volume/pipe' from volume test: it is a fifo", pipe.Message);
        Assert.False(Path.Exists(Path.Combine(_dir, "l", "shadow")));
        Assert.False(Path.Exists(Path.Combine(_dir, "f", "pipe")));
    }

    [Fact]
    public async Task Output_past_the_cap_is_refused_with_one_line()
    {
        var volume = await VolumeAsync("big");
        await volume.PutAsync([TarEntrySource.Bytes("big.bin", new byte[2 << 20])], 1000, default);

        var e = await Assert.ThrowsAsync<BuildFailure>(() => volume.ReadAsync(Path.Combine(_dir, "big"), Limits, default));

        Assert.Equal("volume test: its output is larger than the cap of 1 MiB; refused", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "big", "big.bin")));
    }

    /// <summary>A tar holding a fifo at volume/pipe, as a hostile program inside a container could leave one.</summary>
    private string FifoTar()
    {
        var path = Path.Combine(_dir, "fifo.tar");
        using var file = File.Create(path);
        using var tar = new TarOutputStream(file, System.Text.Encoding.UTF8);
        var entry = TarEntry.CreateTarEntry("volume/pipe");
        entry.TarHeader.TypeFlag = TarHeader.LF_FIFO;
        entry.Size = 0;
        tar.PutNextEntry(entry);
        tar.CloseEntry();
        return path;
    }
}

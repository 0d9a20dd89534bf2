using OpenH264Build.Formats;
using OpenH264Build.Source;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Patching;

/// <summary>
/// Debian's own patch series for the pinned source (debian/patches of the source package native/source.json pins),
/// fetched the way the pipeline fetches the source: <c>apt-get source --download-only</c> through a private apt
/// configuration derived from the machine's sources, then the <c>.debian.tar.xz</c> unpacked. Nothing of it is
/// committed: it is Debian's work, read fresh by each run.
/// </summary>
public sealed class DebianPatchSeries : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("debian-patches-").FullName;

    /// <summary>The unpacked debian/patches folder.</summary>
    public string Folder => Path.Combine(Root, "debian", "patches");

    public async Task InitializeAsync()
    {
        var pin = SourcePin.Load(Path.Combine(RepositoryPaths.Root, "native", "source.json"));
        var origin = pin.Origins.First(o => o.DebianSource is not null);
        var version = origin.DebianVersion!;
        var file = $"{origin.DebianSource}_{version[(version.IndexOf(':') + 1)..]}.debian.tar.xz";
        var tarball = await new DebianSourcePackage(Path.Combine(Root, "apt")).DownloadAsync(origin.DebianSource!, version, file, Path.Combine(Root, "download"), default);
        await SourceUnpacker.UnpackAsync(tarball, Path.Combine(Root, "debian"), "debian", default);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

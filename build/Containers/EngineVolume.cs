using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using ICSharpCode.SharpZipLib.Tar;
using OpenH264Build.Archives;

namespace OpenH264Build.Containers;

/// <summary>
/// A named volume that the engine owns, filled and read only through the Engine API: files go in by PUT archive
/// into a helper container that is created with the volume mounted and never started, and come out by GET archive
/// through the container tar reader (capped, regular files and folders only). No path of the build host is ever
/// handed to the engine, so a volume works the same on a remote engine or with a checkout the engine cannot see.
/// </summary>
public sealed class EngineVolume(DockerEngine engine, string name, string helperImage)
{
    /// <summary>The label every volume of the build carries; its value is the volume's name.</summary>
    public const string Label = "openh264-build.volume";
    private const string MountPoint = "/volume";

    public string Name => name;

    /// <summary>Makes the volume when it does not exist (an existing one is left as it is, labels included).</summary>
    public async Task EnsureAsync(IReadOnlyDictionary<string, string>? labels, CancellationToken ct)
    {
        var all = new Dictionary<string, string>(labels ?? new Dictionary<string, string>()) { [Label] = name };
        await engine.Client.Volumes.CreateAsync(new VolumesCreateParameters { Name = name, Labels = all }, ct);
    }

    public async Task<bool> ExistsAsync(CancellationToken ct)
    {
        try { await engine.Client.Volumes.InspectAsync(name, ct); return true; }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
    }

    /// <summary>Puts files into the volume, owned by <paramref name="ownerId"/>; files of the same name are
    /// replaced.</summary>
    public Task PutAsync(IEnumerable<TarEntrySource> entries, int ownerId, CancellationToken ct) =>
        WithHelperAsync(async id =>
        {
            await using var tar = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite,
                FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            TarWriter.Write(tar, entries, ownerId: ownerId);
            tar.Position = 0;
            await PutTarAsync(id, MountPoint, tar, ct);
        }, ct);

    /// <summary>Which of the paths (relative to the volume) exist, asked of the engine one stat at a time in one
    /// helper: nothing is copied.</summary>
    public Task<IReadOnlySet<string>> FindAsync(IReadOnlyCollection<string> paths, CancellationToken ct) =>
        WithHelperAsync<IReadOnlySet<string>>(async id =>
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in paths)
                try
                {
                    await engine.Client.Containers.GetArchiveFromContainerAsync(id,
                        new GetArchiveFromContainerParameters { Path = $"{MountPoint}/{path}" }, true, ct);
                    found.Add(path);
                }
                catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
            return found;
        }, ct);

    /// <summary>
    /// Runs a shell command in a helper container with the volume mounted at /volume, as the build user, and returns
    /// its exit status: for what the archive API cannot do, such as renaming a file into place in one step.
    /// </summary>
    public Task<long> RunAsync(string shellCommand, CancellationToken ct) =>
        WithHelperAsync(async id =>
        {
            await engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
            return (await engine.Client.Containers.WaitContainerAsync(id, ct)).StatusCode;
        }, ct, ["/bin/sh", "-c", shellCommand]);

    /// <summary>Reads the whole volume into a host folder through the container tar reader.</summary>
    public Task<int> ReadAsync(string targetDirectory, TarLimits limits, CancellationToken ct) =>
        WithHelperAsync(async id =>
        {
            var archive = await engine.Client.Containers.GetArchiveFromContainerAsync(id,
                new GetArchiveFromContainerParameters { Path = MountPoint }, false, ct);
            await using var stream = archive.Stream;
            var prefix = MountPoint.TrimStart('/') + "/";
            return await ContainerTarReader.ExtractAsync(stream, targetDirectory, limits, prefix, ct);
        }, ct);

    /// <summary>
    /// Reads one folder of the volume (a plain name) into a host folder through the container tar reader; a folder the
    /// volume does not have reads as nothing (0 files).
    /// </summary>
    public Task<int> ReadFolderAsync(string folder, string targetDirectory, TarLimits limits, CancellationToken ct) =>
        WithHelperAsync(async id =>
        {
            try
            {
                var archive = await engine.Client.Containers.GetArchiveFromContainerAsync(id,
                    new GetArchiveFromContainerParameters { Path = $"{MountPoint}/{folder}" }, false, ct);
                await using var stream = archive.Stream;
                return await ContainerTarReader.ExtractAsync(stream, targetDirectory, limits, folder + "/", ct);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return 0; }
        }, ct);

    /// <summary>True when the volume holds nothing (only its first entries are read).</summary>
    public Task<bool> IsEmptyAsync(CancellationToken ct) =>
        WithHelperAsync(async id =>
        {
            var archive = await engine.Client.Containers.GetArchiveFromContainerAsync(id,
                new GetArchiveFromContainerParameters { Path = MountPoint }, false, ct);
            await using var stream = archive.Stream;
            using var tar = new TarInputStream(stream, System.Text.Encoding.UTF8);
            var entries = 0;
            while (entries < 2 && tar.GetNextEntry() is not null) entries++;
            return entries < 2; // the volume's own folder is the first entry
        }, ct);

    /// <summary>The whole volume as a tar file on the host (written aside, then renamed); never extracted
    /// here.</summary>
    public Task ExportAsync(string tarFile, CancellationToken ct) =>
        WithHelperAsync(async id =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(tarFile))!);
            var partial = tarFile + ".partial";
            var archive = await engine.Client.Containers.GetArchiveFromContainerAsync(id,
                new GetArchiveFromContainerParameters { Path = MountPoint }, false, ct);
            await using (var stream = archive.Stream)
            await using (var output = File.Create(partial))
                await stream.CopyToAsync(output, ct);
            File.Move(partial, tarFile, overwrite: true);
            return true;
        }, ct);

    /// <summary>Fills the volume from a tar <see cref="ExportAsync"/> wrote; the engine unpacks it, not the
    /// host.</summary>
    public Task ImportAsync(string tarFile, CancellationToken ct) =>
        WithHelperAsync(async id =>
        {
            await using var tar = File.OpenRead(tarFile);
            await PutTarAsync(id, "/", tar, ct);
        }, ct);

    /// <summary>Removes the volume; one that is already gone is fine. Not cancellable: cleanup must happen.</summary>
    public async Task RemoveAsync()
    {
        try { await engine.Client.Volumes.RemoveAsync(name, force: true, CancellationToken.None); }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
    }

    private Task PutTarAsync(string id, string path, Stream tar, CancellationToken ct) =>
        engine.Client.Containers.ExtractArchiveToContainerAsync(id, new ContainerPathStatParameters { Path = path },
            tar, ct);

    private async Task WithHelperAsync(Func<string, Task> use, CancellationToken ct) =>
        await WithHelperAsync(async id => { await use(id); return true; }, ct);

    /// <summary>A helper container with the volume mounted, made at the one creation point; started only by
    /// <see cref="RunAsync"/>, for its command.</summary>
    private Task<T> WithHelperAsync<T>(Func<string, Task<T>> use, CancellationToken ct, IList<string>? command = null)
    {
        var host = new HostConfig { Mounts = [new Mount { Type = "volume", Source = name, Target = MountPoint }] };
        var parameters = IsolatedContainer.Parameters(Label, name, helperImage, command ?? ["/bin/true"], null, "/",
            host, ContainerLimits.Helper);
        return IsolatedContainer.UseAsync(engine, parameters, "volume helper", use, ct);
    }
}

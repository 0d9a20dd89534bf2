using OpenH264Build.Archives;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using Serilog;

namespace OpenH264Build.Compilation;

/// <summary>
/// The compiler cache of one architecture: the engine volume <c>openh264-ccache-&lt;arch&gt;</c>, which the engine
/// owns and keeps between runs (a run never removes it). For CI caches, which save host folders, it can be carried
/// as a tar through the Engine API: imported from <c>DIR/&lt;arch&gt;.tar</c> when the volume is missing or empty,
/// exported there after Compile (<c>--ccache-archive DIR</c>). A ccache that an earlier version of the build kept in
/// a host folder (<c>artifacts/cache/ccache/&lt;arch&gt;</c>) fills an empty volume once, through the API too.
/// </summary>
public sealed class CcacheVolume(DockerEngine engine, TargetArch arch, string helperImage, string? archiveDirectory,
    string? earlierFolder = null)
{
    public const string MountPoint = "/ccache";

    public static string NameFor(TargetArch arch) => $"openh264-ccache-{arch.Name()}";

    private EngineVolume Volume => new(engine, NameFor(arch), helperImage);
    private string? ArchiveFile =>
        archiveDirectory is null ? null : Path.Combine(archiveDirectory, arch.Name() + ".tar");

    /// <summary>Makes sure the volume exists (filled from a saved archive when it is empty); its name.</summary>
    public async Task<string> PrepareAsync(CancellationToken ct)
    {
        var volume = Volume;
        await volume.EnsureAsync(new Dictionary<string, string> { ["openh264-build.ccache"] = arch.Name() }, ct);
        if (ArchiveFile is { } file && File.Exists(file) && await volume.IsEmptyAsync(ct))
        {
            Log.Information("{Arch}: filling {Volume} from {File}", arch.Name(), volume.Name, file);
            await volume.ImportAsync(file, ct);
        }
        else if (earlierFolder is not null && Directory.Exists(earlierFolder) && await volume.IsEmptyAsync(ct))
        {
            Log.Information("{Arch}: filling {Volume} from the earlier ccache folder", arch.Name(), volume.Name);
            // "." carries the build user as the owner of the volume's own folder, so the compile can write to it.
            var entries = TarWriter.EntriesOf(earlierFolder).Prepend(TarEntrySource.Directory("."));
            await volume.PutAsync(entries, ContainerJob.BuildUserId, ct);
        }
        return volume.Name;
    }

    /// <summary>
    /// Removes the volume (the next compile makes it anew, empty) and the earlier host folder, which would fill it
    /// again; a saved archive is left alone, but it fills only a volume that --ccache-archive names.
    /// </summary>
    public async Task EmptyAsync()
    {
        try { await Volume.RemoveAsync(); }
        catch (Docker.DotNet.DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            throw new Engine.BuildFailure(
                $"{NameFor(arch)} is in use by another compile: run the cold compile after it");
        }
        if (earlierFolder is not null && Directory.Exists(earlierFolder))
            Directory.Delete(earlierFolder, recursive: true);
        Log.Information("{Arch}: emptied the compiler cache {Volume} for a cold compile", arch.Name(), NameFor(arch));
    }

    /// <summary>Exports the volume to the archive folder, when one is set.</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        if (ArchiveFile is not { } file) return;
        await Volume.ExportAsync(file, ct);
        Log.Information("{Arch}: saved {Volume} to {File} ({Size:0.0} MiB)", arch.Name(), NameFor(arch), file,
            new FileInfo(file).Length / 1048576.0);
    }
}

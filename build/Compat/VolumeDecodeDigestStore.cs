using System.Text;
using OpenH264Build.Archives;
using OpenH264Build.Containers;

namespace OpenH264Build.Compat;

/// <summary>
/// Decode digests in a named volume the engine owns (<see cref="VolumeName"/>), beside the compiler caches: every
/// clone and every run on the machine finds them, and no path of the build host is handed to the engine. A shelf
/// is a folder of the volume, read through the container tar reader.
/// </summary>
public sealed class VolumeDecodeDigestStore(EngineVolume volume) : IDecodeDigestStore
{
    public const string VolumeName = "openh264-decode-digests";

    /// <summary>A shelf holds one library's decodes of the corpus: the soak's pictures make it a few MiB.</summary>
    static readonly TarLimits Limits = new("the decode cache", 256L << 20);

    /// <summary>Entries are written by the sandbox's unprivileged user id, never by root.</summary>
    const int OwnerId = 65534;

    readonly Lazy<Task> ensured = new(() => volume.EnsureAsync(null, CancellationToken.None));

    public string Description => $"the engine volume {volume.Name}";

    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(string shelf, IReadOnlyCollection<string> ids,
        CancellationToken ct)
    {
        await ensured.Value;
        var scratch = Path.Combine(Path.GetTempPath(), "decode-digests-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await volume.ReadFolderAsync(shelf, scratch, Limits, ct);
            return await new FolderDecodeDigestStore(Path.GetDirectoryName(scratch)!)
                .ReadAsync(Path.GetFileName(scratch), ids, ct);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    public async Task WriteAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> shelves,
        CancellationToken ct)
    {
        if (shelves.Count == 0) return;
        await ensured.Value;
        var entries = shelves.OrderBy(s => s.Key, StringComparer.Ordinal).SelectMany(s =>
            s.Value.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => TarEntrySource.Bytes($"{s.Key}/{e.Key}{DecodeDigestEntry.Extension}",
                    Encoding.ASCII.GetBytes(e.Value)))
                .Prepend(TarEntrySource.Directory(s.Key)));
        await volume.PutAsync(entries.ToList(), OwnerId, ct);
    }
}

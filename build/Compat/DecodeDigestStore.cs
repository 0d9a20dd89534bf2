namespace OpenH264Build.Compat;

/// <summary>
/// Where decode digests are kept between runs, read and written in batches (one Compat side at a time) so that
/// a store the engine owns costs one transfer per side, not one per stream.
/// </summary>
public interface IDecodeDigestStore
{
    /// <summary>What names where ("a folder", "the engine's volume x"), for the log.</summary>
    string Description { get; }

    /// <summary>The kept text of each entry that exists; absent ids are left out.</summary>
    Task<IReadOnlyDictionary<string, string>> ReadAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

    Task WriteAsync(IReadOnlyDictionary<string, string> entries, CancellationToken ct);
}

/// <summary>Decode digests in a host folder, one file per entry, each written whole and renamed into place.</summary>
public sealed class FolderDecodeDigestStore(string folder) : IDecodeDigestStore
{
    public string Description => $"the folder {folder}";

    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(IReadOnlyCollection<string> ids,
        CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids.Where(id => File.Exists(PathOf(id))))
            found[id] = await File.ReadAllTextAsync(PathOf(id), ct);
        return found;
    }

    public async Task WriteAsync(IReadOnlyDictionary<string, string> entries, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        foreach (var (id, text) in entries)
        {
            var scratch = PathOf(id) + "." + Guid.NewGuid().ToString("N")[..8];
            await File.WriteAllTextAsync(scratch, text, ct);
            File.Move(scratch, PathOf(id), overwrite: true);
        }
    }

    string PathOf(string id) => Path.Combine(folder, id + ".digests");
}

/// <summary>No store: every decode runs (a check given no cache, as tests of one library are).</summary>
public sealed class NoDecodeDigestStore : IDecodeDigestStore
{
    public string Description => "no decode cache";

    public Task<IReadOnlyDictionary<string, string>> ReadAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public Task WriteAsync(IReadOnlyDictionary<string, string> entries, CancellationToken ct) => Task.CompletedTask;
}

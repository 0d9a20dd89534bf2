namespace OpenH264Build.Compat;

/// <summary>
/// Where decode digests are kept between runs: entries on shelves, one shelf per library and arch, read and written
/// a shelf at a time, so that a store the engine owns costs one transfer per Compat side, not one per stream, and
/// reads only the library it is asked about however many libraries it holds.
/// </summary>
public interface IDecodeDigestStore
{
    /// <summary>What names where ("the folder …", "the engine volume …"), for the log.</summary>
    string Description { get; }

    /// <summary>The kept text of each entry of the shelf that exists; absent ids are left out.</summary>
    Task<IReadOnlyDictionary<string, string>> ReadAsync(string shelf, IReadOnlyCollection<string> ids,
        CancellationToken ct);

    /// <summary>Writes entries on any number of shelves in one go (a store the engine owns: one transfer).</summary>
    Task WriteAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> shelves, CancellationToken ct);
}

/// <summary>Decode digests in a host folder, one file per entry, each written whole and renamed into place.</summary>
public sealed class FolderDecodeDigestStore(string folder) : IDecodeDigestStore
{
    public string Description => $"the folder {folder}";

    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(string shelf, IReadOnlyCollection<string> ids,
        CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids.Where(id => File.Exists(PathOf(shelf, id))))
            found[id] = await File.ReadAllTextAsync(PathOf(shelf, id), ct);
        return found;
    }

    public async Task WriteAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> shelves,
        CancellationToken ct)
    {
        foreach (var shelf in shelves.Keys) Directory.CreateDirectory(Path.Combine(folder, shelf));
        foreach (var (shelf, id, text) in shelves.SelectMany(s => s.Value.Select(e => (s.Key, e.Key, e.Value))))
        {
            var scratch = PathOf(shelf, id) + "." + Guid.NewGuid().ToString("N")[..8];
            await File.WriteAllTextAsync(scratch, text, ct);
            File.Move(scratch, PathOf(shelf, id), overwrite: true);
        }
    }

    string PathOf(string shelf, string id) => Path.Combine(folder, shelf, id + DecodeDigestEntry.Extension);
}

/// <summary>No store: every decode runs (a check given no cache, as tests of one library are).</summary>
public sealed class NoDecodeDigestStore : IDecodeDigestStore
{
    public string Description => "no decode cache";

    public Task<IReadOnlyDictionary<string, string>> ReadAsync(string shelf, IReadOnlyCollection<string> ids,
        CancellationToken ct) => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public Task WriteAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> shelves,
        CancellationToken ct) => Task.CompletedTask;
}

using OpenH264Build.Containers;
using OpenH264Build.Host;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>
/// Keeps the digests of every clean full decode by what determines them (<see cref="DecodeDigestKey"/>) and gives
/// them back instead of decoding again: an unchanged baseline is decoded once, ever, and a new candidate is decoded
/// because its library's digest is new. A decode that crashed, timed out or gave no picture is never kept.
/// </summary>
public sealed class DecodeDigestCache(IDecodeDigestStore store, CompatRun run)
{
    /// <summary>What the log and the report say of decodes that were not run again.</summary>
    public const string ReusedPhrase = "reused from the decode cache";

    /// <summary>The CPU qemu emulates for this run's arch ("host" when nothing is emulated).</summary>
    public string CpuModel => new ArchExecutor(run.Arch).CpuModel;

    /// <summary>Finds the kept decodes of one library for the items; the others are for the side's batch.</summary>
    public async Task<DecodeSide> LookUpAsync(string label, string library, IReadOnlyList<CorpusItem> items,
        CancellationToken ct)
    {
        var libraryDigest = DecodeDigestKey.LibraryDigest(library, run.Companions);
        var harness = Util.Sha256.OfFile(run.Harness);
        var keys = items.ToDictionary(i => i.Stream.Name, i =>
            new DecodeDigestKey(run.Arch.Name(), libraryDigest, harness, i.Sha256, run.Sandbox.Image.Id, CpuModel));
        IReadOnlyDictionary<string, string> kept = keys.Count == 0 ? new Dictionary<string, string>()
            : await store.ReadAsync(keys.Values.First().Shelf, keys.Values.Select(k => k.Id).ToList(), ct);
        var reused = new Dictionary<string, DecodeRun>(StringComparer.Ordinal);
        foreach (var (name, key) in keys.Where(k => kept.ContainsKey(k.Value.Id)))
        {
            var (decode, refused) = DecodeDigestEntry.Read(key, kept[key.Id]);
            if (decode is not null) reused[name] = decode;
            else Log.Warning("Compat {Arch}: the kept {Label} decode of {Stream} is not used ({Why}); decoded again",
                run.Arch.Name(), label, name, refused);
        }
        return new DecodeSide(label, keys, reused);
    }

    /// <summary>Keeps the clean decodes this run made, every side's in one write, on a thread of its own: reading
    /// and writing the entries is CPU work that overlaps the check of the pictures.</summary>
    public Task KeepAsync(IReadOnlyList<(DecodeSide Side, BatchResult Batch)> sides, CancellationToken ct) =>
        Task.Run(() => WriteAsync(sides, ct), ct);

    private Task WriteAsync(IReadOnlyList<(DecodeSide Side, BatchResult Batch)> sides, CancellationToken ct)
    {
        var shelves = sides.SelectMany(s => s.Side.Keys.Where(k => !s.Side.Reused.ContainsKey(k.Key))
                .Select(k => (Key: k.Value, Decode: s.Batch.Decoded(k.Key))))
            .Where(d => !d.Decode.Crashed && d.Decode.ExitCode == 0 && d.Decode.Frames.Count > 0)
            .GroupBy(d => d.Key.Shelf)
            .ToDictionary(shelf => shelf.Key, shelf => (IReadOnlyDictionary<string, string>)shelf
                .ToDictionary(d => d.Key.Id, d => DecodeDigestEntry.Write(d.Key, d.Decode)));
        return store.WriteAsync(shelves, ct);
    }

    /// <summary>"Compat x86_64: baseline: 41 streams reused from the decode cache; candidate: 41 streams decoded".
    /// </summary>
    public void Say(DecodeSide baseline, DecodeSide candidate) =>
        Log.Information("Compat {Arch}: {Baseline}; {Candidate} (CPU {Cpu}, sandbox {Image}, decode cache: {Store})",
            run.Arch.Name(), baseline.Summary, candidate.Summary, CpuModel, run.Sandbox.Image.Reference,
            store.Description);
}

/// <summary>One library's decodes in a Compat run: which were reused, which its batch decodes.</summary>
public sealed record DecodeSide(string Label, IReadOnlyDictionary<string, DecodeDigestKey> Keys,
    IReadOnlyDictionary<string, DecodeRun> Reused)
{
    public int DecodedCount => Keys.Count - Reused.Count;

    public string Summary => Reused.Count == 0 ? $"{Label}: {DecodedCount} streams decoded"
        : DecodedCount == 0 ? $"{Label}: {Reused.Count} streams {DecodeDigestCache.ReusedPhrase}"
        : $"{Label}: {Reused.Count} streams {DecodeDigestCache.ReusedPhrase}, {DecodedCount} decoded";

    /// <summary>The decodes of the streams that were not reused.</summary>
    public HarnessBatch Batch(IReadOnlyList<CorpusItem> items)
    {
        var batch = new HarnessBatch();
        foreach (var item in items.Where(i => !Reused.ContainsKey(i.Stream.Name)))
            batch.Decode(item.Stream.Name, item.StreamPath);
        return batch;
    }

    public DecodeRun Decoded(string stream, BatchResult batch) =>
        Reused.TryGetValue(stream, out var kept) ? kept : batch.Decoded(stream);
}

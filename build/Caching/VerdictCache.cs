using Serilog;

namespace OpenH264Build.Caching;

/// <summary>
/// The passing verdict of a check (its reports and other outputs), kept in the stage cache under a key made of
/// every input of the check and the versions of the tools that judged, so that an unchanged library is not
/// checked again. Only passing verdicts are kept: a failure is always computed afresh, with its full report.
/// A kept entry carries the sha256 of each of its files and is restored only when every one still matches:
/// its existence alone proves nothing.
/// </summary>
public sealed class VerdictCache(StageCache cache)
{
    private const string DigestsFile = ".digests";

    /// <summary>What the log says of a check that was not run again (tests look for its absence to know a check
    /// ran).</summary>
    public const string ReusedPhrase = "verdict and reports reused";

    /// <summary>
    /// Restores the kept pass of a check whose inputs are unchanged, saying so in the log; false when the check must
    /// run
    /// (and then, when it passes, <see cref="SaveAsync"/> keeps it under the same key).
    /// </summary>
    public bool TryReuse(string stage, VerdictKey key, IReadOnlyDictionary<string, string> outputs, string check)
    {
        if (!TryRestore(stage, key.ToString(), outputs)) return false;
        Log.Information("{Check}: PASS (inputs unchanged since the last check: " + ReusedPhrase + ")", check);
        return true;
    }

    public Task SaveAsync(string stage, VerdictKey key,
        IReadOnlyDictionary<string, string> sources) => SaveAsync(stage, key.ToString(), sources);

    /// <summary>Copies the kept outputs back to where the check writes them; false when nothing intact is
    /// kept.</summary>
    public bool TryRestore(string stage, string key, IReadOnlyDictionary<string, string> destinations)
    {
        if (!cache.Has(stage, key)) return false;
        var kept = cache.PathFor(stage, key);
        if (!IsIntact(kept))
        {
            Log.Warning(
                "{Stage}: the kept verdict {Key} does not match its recorded digests; it is dropped and " +
                    "the check runs again", stage, key);
            Directory.Delete(kept, recursive: true);
            return false;
        }
        foreach (var (name, destination) in destinations)
        {
            var source = Path.Combine(kept, name);
            if (File.Exists(source) || Directory.Exists(source)) Copy(source, destination);
            else if (Directory.Exists(destination)) Directory.Delete(destination,
                recursive: true); // nothing was kept: no stale leftovers
            else if (File.Exists(destination)) File.Delete(destination);
        }
        Log.Debug("{Stage}: inputs unchanged ({Key}), verdict restored", stage, key);
        return true;
    }

    /// <summary>Keeps a passing check's outputs (files or folders; missing ones are left out) with their
    /// digests.</summary>
    public Task SaveAsync(string stage, string key, IReadOnlyDictionary<string, string> sources) =>
        cache.GetOrCreateAsync(stage, key, async output =>
        {
            foreach (var (name, source) in sources)
                if (File.Exists(source) || Directory.Exists(source)) Copy(source, Path.Combine(output, name));
            await File.WriteAllLinesAsync(Path.Combine(output, DigestsFile),
                Digests(output).Select(d => $"{d.Sha256}  {d.Name}"));
        });

    /// <summary>Every kept file has the digest recorded when it was kept, and nothing was added or removed.</summary>
    private static bool IsIntact(string kept)
    {
        var recordFile = Path.Combine(kept, DigestsFile);
        if (!File.Exists(recordFile)) return false;
        var recorded = File.ReadAllLines(recordFile).Where(l => l.Length > 66).Select(l => (Sha256: l[..64],
            Name: l[66..])).ToHashSet();
        return recorded.SetEquals(Digests(kept));
    }

    private static IEnumerable<(string Sha256, string Name)> Digests(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (Path: f, Name: Path.GetRelativePath(folder, f).Replace('\\', '/')))
            .Where(f => f.Name is not DigestsFile and not ".complete")
            .Select(f => (Util.Sha256.OfFile(f.Path), f.Name));

    private static void Copy(string source, string destination)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination, overwrite: true);
            return;
        }
        if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
    }
}

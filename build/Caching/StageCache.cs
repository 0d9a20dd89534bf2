using Serilog;

namespace OpenH264Build.Caching;

/// <summary>
/// Content-addressed stage outputs: <c>cache/&lt;stage&gt;/&lt;key&gt;/</c>, where the key is a digest of every
/// input of the stage. A stage whose key has an output is not redone. Outputs are produced in a scratch folder
/// and renamed into place when complete, so an interrupted stage never leaves a half output behind.
/// </summary>
public sealed class StageCache(string root)
{
    private const string CompleteMarker = ".complete";

    public string Root => root;

    public string PathFor(string stage, string key) => Path.Combine(root, stage, key);

    public bool Has(string stage, string key) => File.Exists(Path.Combine(PathFor(stage, key), CompleteMarker));

    /// <summary>Returns the output folder for the key, producing it first when it does not exist yet.</summary>
    public async Task<(string Path, bool Hit)> GetOrCreateAsync(string stage, string key, Func<string, Task> produce)
    {
        var final = PathFor(stage, key);
        if (TryUse(stage, key))
        {
            Log.Debug("{Stage}: cache hit {Key}", stage, key);
            return (final, true);
        }

        var scratch = final + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(scratch);
        try
        {
            await produce(scratch);
            await File.WriteAllTextAsync(Path.Combine(scratch, CompleteMarker), DateTime.UtcNow.ToString("O"));
            PlaceUnlessComplete(stage, key, scratch, final);
            return (final, false);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// A hit marks the entry used now (its folder's time): <see cref="Prune"/> leaves entries used in the last hour,
    /// which a run may still be reading (test trees and CI jobs share the cache, and each prunes after its own use).
    /// False when the entry is incomplete or went away meanwhile.
    /// </summary>
    private bool TryUse(string stage, string key)
    {
        if (!Has(stage, key)) return false;
        try { Directory.SetLastWriteTimeUtc(PathFor(stage, key), DateTime.UtcNow); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        return Has(stage, key);
    }

    /// <summary>Moves a finished scratch folder into place. A complete entry is never replaced: another run (a test
    /// tree shares this cache by link, two CI jobs share a runner) may be reading it, and the key says both are the
    /// same output. Only a leftover without its marker (a killed run's) is removed first.</summary>
    private void PlaceUnlessComplete(string stage, string key, string scratch, string final)
    {
        if (Has(stage, key)) return;
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        try
        {
            Directory.Move(scratch, final);
        }
        catch (IOException) when (Has(stage, key))
        {
            Log.Debug("{Stage}: {Key} was completed by another run while this one produced it", stage, key);
        }
    }

    /// <summary>Removes outputs of a stage other than the ones still in use, so the cache does not grow without
    /// end.</summary>
    public void Prune(string stage, IEnumerable<string> keep, int keepLatest = 4)
    {
        var dir = Path.Combine(root, stage);
        if (!Directory.Exists(dir)) return;
        var keepSet = keep.ToHashSet();
        var stale = new DirectoryInfo(dir).GetDirectories()
            .Where(d => !keepSet.Contains(d.Name) && !MayBeInUse(d))
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .Skip(keepLatest);
        foreach (var d in stale)
        {
            try { d.Delete(recursive: true); }
            catch (DirectoryNotFoundException) { } // another run pruned it first
        }
    }

    /// <summary>An entry used in the last hour (<see cref="TryUse"/>), or a scratch folder another run is still
    /// filling (a killed run's is pruned once it is a day old).</summary>
    private static bool MayBeInUse(DirectoryInfo folder) => folder.LastWriteTimeUtc > DateTime.UtcNow
        - (folder.Name.Contains(".partial-") ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1));
}

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
        if (Has(stage, key))
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
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(scratch, final);
            return (final, false);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
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
            .Where(d => !keepSet.Contains(d.Name))
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .Skip(keepLatest);
        foreach (var d in stale) d.Delete(recursive: true);
    }
}

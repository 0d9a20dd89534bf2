using Serilog;

namespace OpenH264Build.Caching;

/// <summary>
/// The passing verdict of a check (its reports and other outputs), kept in the stage cache under a key made of
/// every input of the check, so that an unchanged library is not checked again. Only passing verdicts are kept:
/// a failure is always computed afresh, with its full report.
/// </summary>
public sealed class VerdictCache(StageCache cache)
{
    /// <summary>Copies the kept outputs back to where the check writes them; false when there is nothing kept.</summary>
    public bool TryRestore(string stage, string key, IReadOnlyDictionary<string, string> destinations)
    {
        if (!cache.Has(stage, key)) return false;
        var kept = cache.PathFor(stage, key);
        foreach (var (name, destination) in destinations)
        {
            var source = Path.Combine(kept, name);
            if (File.Exists(source) || Directory.Exists(source)) Copy(source, destination);
            else if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true); // nothing was kept: no stale leftovers
            else if (File.Exists(destination)) File.Delete(destination);
        }
        Log.Debug("{Stage}: inputs unchanged ({Key}), verdict restored", stage, key);
        return true;
    }

    /// <summary>Keeps a passing check's outputs (files or folders; missing ones are left out).</summary>
    public Task SaveAsync(string stage, string key, IReadOnlyDictionary<string, string> sources) =>
        cache.GetOrCreateAsync(stage, key, output =>
        {
            foreach (var (name, source) in sources)
                if (File.Exists(source) || Directory.Exists(source)) Copy(source, Path.Combine(output, name));
            return Task.CompletedTask;
        });

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

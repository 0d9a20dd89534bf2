using Serilog;

namespace OpenH264Build.Caching;

/// <summary>
/// Outputs a stage writes into a folder, made once per key in the stage cache and then copied to where the run wants
/// them: a run whose inputs are unchanged copies instead of producing again (Package's tarballs, .debs and apt
/// repository). The key must name every input; <see cref="Recipe"/> stands for the code that produces them.
/// </summary>
public static class CachedOutputs
{
    /// <summary>What the log says of a stage whose outputs were copied, not made (tests look for it).</summary>
    public const string ReusedPhrase = "inputs unchanged: outputs reused";

    /// <summary>The build program itself (deterministic: the same sources give the same id), as a key part.</summary>
    public static string Recipe => typeof(CachedOutputs).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>The cached folder of the key, produced first when missing; true when it was already there.</summary>
    public static async Task<(string Folder, bool Reused)> GetAsync(StageCache cache, string stage, string key,
        Func<string, Task> produce)
    {
        var (folder, hit) = await cache.GetOrCreateAsync(stage, key, produce);
        if (hit) Log.Information("{Stage}: " + ReusedPhrase + " ({Key})", stage, key);
        cache.Prune(stage, [key]);
        return (folder, hit);
    }

    /// <summary>Copies a cached folder's files (the cache's marker aside) into a folder; the copies' paths.</summary>
    public static IReadOnlyList<string> CopyInto(string cached, string destination)
    {
        var copied = new List<string>();
        var files = Directory.EnumerateFiles(cached, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(cached, file);
            if (relative == ".complete") continue;
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            copied.Add(target);
        }
        return copied;
    }
}

namespace OpenH264Build.Ci;

/// <summary>
/// The generated workflow files against the ones in a folder: writes them, or tells how the folder differs.
/// A file is ours when it starts with the generator's header; hand-written workflows beside them are left alone.
/// </summary>
internal static class WorkflowFiles
{
    /// <summary>Writes every generated file and removes generated files that are no longer generated.</summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyDictionary<string, string> generated)
    {
        Directory.CreateDirectory(directory);
        var changed = new List<string>();
        foreach (var (name, text) in generated)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path) && File.ReadAllText(path) == text) continue;
            File.WriteAllText(path, text);
            changed.Add(name);
        }
        foreach (var stale in Stale(directory, generated))
        {
            File.Delete(Path.Combine(directory, stale));
            changed.Add(stale);
        }
        return changed;
    }

    /// <summary>Each way the folder differs from what would be generated, one line each; empty when it
    /// matches.</summary>
    public static IReadOnlyList<string> Differences(string directory, IReadOnlyDictionary<string, string> generated)
    {
        var differences = new List<string>();
        foreach (var (name, text) in generated)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path)) differences.Add($"{name} is missing");
            else if (File.ReadAllText(path) != text) differences.Add($"{name} differs from what the build generates");
        }
        differences.AddRange(Stale(directory, generated)
            .Select(s => $"{s} was generated but no workflow declares it any more"));
        return differences;
    }

    private static IEnumerable<string> Stale(string directory, IReadOnlyDictionary<string, string> generated) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, "*.yml")
                .Where(p => !generated.ContainsKey(Path.GetFileName(p))
                    && File.ReadAllText(p).StartsWith(WorkflowGenerator.Header, StringComparison.Ordinal))
                .Select(Path.GetFileName)
                .Cast<string>()
                .Order(StringComparer.Ordinal);
}

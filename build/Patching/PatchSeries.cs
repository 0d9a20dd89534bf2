using System.Security.Cryptography;

namespace OpenH264Build.Patching;

/// <summary>One patch of the series: its file, its text, its DEP-3 header and the digest of its bytes.</summary>
public sealed record SeriesPatch(string Name, string Path, string Text, Dep3Header Header, string Sha256, int StripLevel);

/// <summary>
/// A quilt series: <c>native/patches/series</c> names the patches in the order they apply, one a line,
/// optionally followed by <c>-pN</c>; <c>#</c> starts a comment. Every patch must carry a DEP-3 header.
/// </summary>
public static class PatchSeries
{
    public static IReadOnlyList<SeriesPatch> Load(string patchesDirectory)
    {
        var seriesFile = System.IO.Path.Combine(patchesDirectory, "series");
        if (!File.Exists(seriesFile)) return [];
        var patches = new List<SeriesPatch>();
        var lineNumber = 0;
        foreach (var raw in File.ReadAllLines(seriesFile))
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = parts[0];
            var strip = parts.Skip(1).FirstOrDefault(p => p.StartsWith("-p")) is { } p && int.TryParse(p[2..], out var n) ? n : 1;
            var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(patchesDirectory, name));
            if (!File.Exists(path))
                throw new PatchException($"native/patches/series line {lineNumber}: patch '{name}' does not exist", seriesFile, lineNumber);
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            var header = Dep3Header.Parse(text);
            var missing = header.MissingFields().ToList();
            if (missing.Count > 0)
                throw new PatchException($"{name}: DEP-3 header lacks {string.Join(", ", missing)}", path, 1);
            patches.Add(new SeriesPatch(name, path, text, header, Convert.ToHexStringLower(SHA256.HashData(bytes)), strip));
        }
        return patches;
    }
}

/// <summary>A patch problem, with the file and line to point an editor (or a CI annotation) at.</summary>
public sealed class PatchException(string message, string? file = null, int? line = null)
    : Engine.BuildFailure(message, file, line);

using System.Security.Cryptography;
using System.Text;

namespace OpenH264Build.Patching;

/// <summary>One patch of the series: its file, its text, its DEP-3 header and the digest of its bytes.</summary>
public sealed record SeriesPatch(string Name, string Path, string Text, Dep3Header Header, string Sha256,
    int StripLevel)
{
    /// <summary>Its upstream addresses (bug, forwarded, origin, applied-upstream), for the notes and the
    /// report.</summary>
    public IReadOnlyList<PatchLink> Links { get; init; } = [];

    /// <summary>What DEP-3 recommends and the header lacks: shown in the log and the report, never a failure.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A series as read from its folder: the folder as the user named it, the patches in order, and
/// warnings.</summary>
public sealed record LoadedSeries(string Folder, IReadOnlyList<SeriesPatch> Patches, IReadOnlyList<string> Warnings);

/// <summary>
/// A quilt series folder: <c>series</c> names the patches in the order they apply (see <see cref="QuiltSeriesFile"/>),
/// and every patch carries a DEP-3 header with what DEP-3 requires. A folder that does not exist, has no
/// <c>series</c> or lists no patch is an error, never a silent unpatched build; errors name the folder as given.
/// </summary>
public static class PatchSeries
{
    public static IReadOnlyList<SeriesPatch> Load(string patchesDirectory, string? folderAsGiven = null,
        string upstreamWebUrl = PatchLinks.DefaultUpstream) =>
        Read(patchesDirectory, folderAsGiven, upstreamWebUrl).Patches;

    public static LoadedSeries Read(string patchesDirectory, string? folderAsGiven = null,
        string upstreamWebUrl = PatchLinks.DefaultUpstream)
    {
        var shown = (folderAsGiven ?? patchesDirectory).TrimEnd('/');
        if (!Directory.Exists(patchesDirectory))
            throw new PatchException($"patches folder {shown} does not exist");
        var seriesFile = System.IO.Path.Combine(patchesDirectory, "series");
        if (!File.Exists(seriesFile))
            throw new PatchException($"{shown} has no series file: list the patches there, one a line, in the " +
                $"order they apply");
        var entries = QuiltSeriesFile.Parse(File.ReadAllText(seriesFile), $"{shown}/series", seriesFile);
        if (entries.Count == 0)
            throw new PatchException($"{shown}/series lists no patch: a build without patches would ship " +
                $"upstream unchanged", seriesFile, 1);
        var patches = entries.Select(e => ReadPatch(patchesDirectory, shown, e, seriesFile, upstreamWebUrl)).ToList();
        var warnings = Unlisted(patchesDirectory, entries)
            .Select(f => $"{shown}/{f} is not listed in series: quilt leaves it out, and so does this build").ToList();
        return new LoadedSeries(shown, patches, warnings);
    }

    private static SeriesPatch ReadPatch(string directory, string shown, SeriesEntry entry, string seriesFile,
        string upstreamWebUrl)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, entry.Name));
        if (!File.Exists(path))
            throw new PatchException(
                $"{shown}/series line {entry.Line}: patch '{entry.Name}' does not exist in {shown}", seriesFile,
                    entry.Line);
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.UTF8.GetString(bytes);
        var header = Dep3Header.Parse(text);
        var missing = header.MissingRequired().ToList();
        if (missing.Count > 0)
            throw new PatchException($"{entry.Name}: DEP-3 header has {string.Join(" and ", missing)}", path, 1);
        if (!ContainsDiff(text))
            throw new PatchException($"{entry.Name}: no diff found (no 'diff', 'Index:' or '---'/'+++' lines after " +
                $"the header)", path, 1);
        return new SeriesPatch(entry.Name, path, text, header, Convert.ToHexStringLower(SHA256.HashData(bytes)),
            entry.StripLevel)
        {
            Links = PatchLinks.Of(header, upstreamWebUrl),
            Warnings = header.Recommendations().ToList(),
        };
    }

    private static bool ContainsDiff(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        return Enumerable.Range(0, lines.Length).Any(i => lines[i].StartsWith("--- ", StringComparison.Ordinal)
            && i + 1 < lines.Length && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal));
    }

    /// <summary>Files in the folder that series does not name (hidden files and quilt's own .pc folder
    /// aside).</summary>
    private static IEnumerable<string> Unlisted(string directory, IReadOnlyList<SeriesEntry> entries) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(f => f != "series" && !f.Split('/').Any(part => part.StartsWith('.')))
            .Where(f => !entries.Any(e => System.IO.Path.GetFullPath(System.IO.Path.Combine(directory,
                e.Name)) == System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, f))))
            .Order(StringComparer.Ordinal);
}

/// <summary>A patch problem, with the file and line to point an editor (or a CI annotation) at.</summary>
public sealed class PatchException(string message, string? file = null, int? line = null)
    : Engine.BuildFailure(message, file, line);

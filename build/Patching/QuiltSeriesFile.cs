using System.Text.RegularExpressions;

namespace OpenH264Build.Patching;

/// <summary>One line of a quilt <c>series</c> file: the patch's path inside the folder, its strip level and
/// line.</summary>
public sealed record SeriesEntry(string Name, int StripLevel, int Line);

/// <summary>
/// Reads a quilt <c>series</c> file as quilt does: one patch a line, as a path relative to the patches folder
/// (sub-folders allowed), followed by options; a line or a word that starts with <c>#</c> starts a comment,
/// blank lines are skipped. Of quilt's options only <c>-pN</c> (the strip level, default 1) changes how this
/// pipeline applies a patch; any other (<c>-R</c>, a fuzz factor, ...) is refused rather than silently ignored.
/// </summary>
public static partial class QuiltSeriesFile
{
    public static IReadOnlyList<SeriesEntry> Parse(string text, string seriesName, string? seriesPath = null)
    {
        var entries = new List<SeriesEntry>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var words = lines[index].Split([' ', '\t'],
                StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => !w.StartsWith('#')).ToList();
            if (words.Count == 0) continue;
            var line = index + 1;
            var name = words[0];
            string Where() => $"{seriesName} line {line} ({name})";
            if (Path.IsPathRooted(name) || name.Split('/').Contains(".."))
                throw new PatchException($"{Where()}: a patch must be a path inside the patches folder", seriesPath,
                    line);
            if (entries.FirstOrDefault(e => e.Name == name) is { } earlier)
                throw new PatchException($"{Where()}: the patch is listed twice (also on line {earlier.Line})",
                    seriesPath, line);
            entries.Add(new SeriesEntry(name, StripLevel(words.Skip(1).ToList(), Where(), seriesPath, line), line));
        }
        return entries;
    }

    private static int StripLevel(List<string> options, string where, string? seriesPath, int line)
    {
        var strip = 1;
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i];
            if (option == "-p" && i + 1 < options.Count) option += options[++i];
            if (StripOption().Match(option) is { Success: true } m) { strip = int.Parse(m.Groups[1].Value); continue; }
            var meaning = option is "-R" or "--reverse" ? " (apply in reverse)" : "";
            throw new PatchException($"{where}: option '{option}'{meaning} is not supported: this pipeline applies " +
                $"patches forward with -pN only", seriesPath, line);
        }
        return strip;
    }

    [GeneratedRegex(@"^(?:-p|--strip=)(\d+)$")]
    private static partial Regex StripOption();
}

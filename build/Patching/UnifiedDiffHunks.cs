using System.Text.RegularExpressions;

namespace OpenH264Build.Patching;

/// <summary>Where a hunk sits in a patch file: the file it changes, its number within that file, its header and
/// line.</summary>
public sealed record PatchHunk(string TargetFile, int Number, string Header, int LineInPatch);

/// <summary>
/// Finds the hunks of a unified diff, so that a failure reported by <c>patch</c> ("Hunk #2 FAILED") can be
/// named by its <c>@@</c> header and pointed at by line.
/// </summary>
public static partial class UnifiedDiffHunks
{
    public static IReadOnlyList<PatchHunk> Parse(string patchText, int stripLevel = 1)
    {
        var hunks = new List<PatchHunk>();
        string? file = null;
        var number = 0;
        var lines = patchText.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("+++ ") && i > 0 && lines[i - 1].StartsWith("--- "))
            {
                file = Strip(line[4..].Split('\t')[0].Trim(), stripLevel);
                number = 0;
            }
            else if (file is not null && HunkHeader().IsMatch(line))
            {
                hunks.Add(new PatchHunk(file, ++number, HunkHeader().Match(line).Value, i + 1));
            }
        }
        return hunks;
    }

    private static string Strip(string path, int level)
    {
        var parts = path.Split('/');
        return string.Join('/', parts.Skip(Math.Min(level, parts.Length - 1)));
    }

    [GeneratedRegex(@"^@@ -\d+(,\d+)? \+\d+(,\d+)? @@")]
    private static partial Regex HunkHeader();
}

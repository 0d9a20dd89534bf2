using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OpenH264Build.Patching;

namespace OpenH264Build.Bisection;

/// <summary>
/// A patch cut down to its first k hunks, in the order they appear in the patch: every later hunk is left out, and so
/// is the header of a file none of whose hunks are left. Applying the first k hunks with no fuzz works as well as
/// applying the whole patch did, since a hunk's position does not depend on the hunks after it.
/// </summary>
public static partial class PatchHunkPrefix
{
    /// <summary>The patch text with only the first <paramref name="count"/> hunks.</summary>
    public static string Text(string patchText, int count, int stripLevel = 1)
    {
        var lines = patchText.Replace("\r\n", "\n").Split('\n');
        var hunks = UnifiedDiffHunks.Parse(patchText, stripLevel);
        var drop = new bool[lines.Length];
        for (var i = count; i < hunks.Count; i++)
        {
            var start = hunks[i].LineInPatch - 1;
            var end = start + 1 + BodyLength(lines, start);
            for (var line = start; line < end; line++) drop[line] = true;
            // The first hunk of a file that keeps none: its "---"/"+++" lines and the git or Index lines before them go
            // too.
            if (hunks[i].Number == 1) DropFileHeader(lines, start, drop);
        }
        return string.Join('\n', lines.Where((_, i) => !drop[i]));
    }

    /// <summary>The first <paramref name="count"/> hunks of the patch as a patch file of its own in <paramref
    /// name="directory"/>.</summary>
    public static SeriesPatch Write(SeriesPatch patch, int count, string directory)
    {
        Directory.CreateDirectory(directory);
        var name = $"{Path.GetFileNameWithoutExtension(patch.Name)}.first-{count}-hunks.patch";
        var path = Path.Combine(directory, name);
        var bytes = Encoding.UTF8.GetBytes(Text(patch.Text, count, patch.StripLevel));
        File.WriteAllBytes(path, bytes);
        return patch with { Name = name, Path = path, Text = Encoding.UTF8.GetString(bytes),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
    }

    /// <summary>How many lines follow the "@@" line: as many as its old and new line counts take.</summary>
    private static int BodyLength(string[] lines, int headerLine)
    {
        var counts = HunkCounts().Match(lines[headerLine]);
        var old = counts.Groups[1].Success ? int.Parse(counts.Groups[1].Value) : 1;
        var @new = counts.Groups[2].Success ? int.Parse(counts.Groups[2].Value) : 1;
        var length = 0;
        while ((old > 0 || @new > 0) && headerLine + 1 + length < lines.Length)
        {
            var line = lines[headerLine + 1 + length++];
            if (line.StartsWith('-')) old--;
            else if (line.StartsWith('+')) @new--;
            else if (
                !line.StartsWith('\\')) { old--; @new--; } // context (an empty line is context whose space was trimmed)
        }
        while (headerLine + 1 + length < lines.Length && lines[headerLine + 1 + length].StartsWith('\\')) length++;
        return length;
    }

    /// <summary>The "---" and "+++" lines just above a file's first hunk, and the git or Index lines above
    /// those.</summary>
    private static void DropFileHeader(string[] lines, int firstHunkLine, bool[] drop)
    {
        var line = firstHunkLine - 1;
        if (line < 1 || !lines[line].StartsWith("+++ ") || !lines[line - 1].StartsWith("--- ")) return;
        drop[line] = drop[line - 1] = true;
        for (line -= 2; line >= 0 && ExtendedHeader().IsMatch(lines[line]); line--) drop[line] = true;
    }

    [GeneratedRegex(
        @"^(diff |index |Index: |====|new file mode|deleted file mode|old mode|new mode|similarity index|" +
        @"rename |copy )")]
    private static partial Regex ExtendedHeader();

    [GeneratedRegex(@"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")]
    private static partial Regex HunkCounts();
}

namespace OpenH264Build.Tests.Guides;

/// <summary>A fenced block of a README section: its language, the file it is (```ini fleet.ini), its text.</summary>
public sealed record GuideBlock(string Language, string? FileName, string Text);

/// <summary>
/// The guides of the README as a reader follows them: the fenced blocks of one section (its "## " heading up to the
/// next), in order. A block whose info string names a file after its language is that file's content; a <c>sh</c>
/// block holds commands, one per line (a line ending in a backslash goes on).
/// </summary>
public static class ReadmeGuide
{
    public static IReadOnlyList<GuideBlock> Blocks(string readme, string heading)
    {
        var lines = readme.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("## " + heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"the README has no section \"## {heading}\"");
        var blocks = new List<GuideBlock>();
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var opening = lines[i].TrimStart();
            if (!opening.StartsWith("```", StringComparison.Ordinal)) continue;
            var indent = lines[i].Length - opening.Length;
            var info = opening[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
                body.Add(Unindented(lines[i], indent));
            var text = string.Join('\n', body) + "\n";
            blocks.Add(new GuideBlock(info.ElementAtOrDefault(0) ?? "", info.ElementAtOrDefault(1), text));
        }
        return blocks;
    }

    /// <summary>A line of a block indented with its list item, without that indentation.</summary>
    private static string Unindented(string line, int indent) =>
        line.Length >= indent && line[..indent].Trim().Length == 0 ? line[indent..] : line.TrimStart();

    /// <summary>The commands of a section's <c>sh</c> blocks, in order.</summary>
    public static IReadOnlyList<string> Commands(IEnumerable<GuideBlock> blocks)
    {
        var commands = new List<string>();
        foreach (var block in blocks.Where(b => b.Language == "sh"))
        {
            var pending = "";
            foreach (var line in block.Text.Split('\n').Select(l => l.TrimEnd()))
            {
                if (line.EndsWith('\\')) { pending += line[..^1] + " "; continue; }
                var command = (pending + line).Trim();
                pending = "";
                if (command.Length > 0 && !command.StartsWith('#')) commands.Add(command);
            }
        }
        return commands;
    }
}

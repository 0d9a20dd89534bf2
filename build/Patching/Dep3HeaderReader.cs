using System.Text.RegularExpressions;

namespace OpenH264Build.Patching;

/// <summary>
/// Reads a DEP-3 header as the specification describes it: one or two sets of RFC 2822 style fields, each set
/// ending at an empty line; the first starts on the first non-empty line (after the mbox <c>From &lt;sha&gt;
/// &lt;date&gt;</c> line of git format-patch), a second one may start on any later paragraph; other paragraphs are
/// free-form lines of the long description. Reading stops at a line of three dashes (git's diffstat follows it)
/// or where the diff starts.
/// </summary>
public static partial class Dep3HeaderReader
{
    /// <summary>The fields DEP-3 defines: a later paragraph is a second set of fields only if it uses one of
    /// them.</summary>
    private static readonly string[] KnownFields =
        ["Description", "Subject", "Origin", "Bug", "Forwarded", "Author", "From", "Reviewed-by", "Acked-by",
            "Last-Update", "Applied-Upstream"];

    public static Dep3Header Read(string patchText)
    {
        var paragraphs = Paragraphs(HeaderLines(patchText));
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var freeForm = new List<string>();
        for (var i = 0; i < paragraphs.Count; i++)
        {
            if (i == 0) ReadFields(paragraphs[i], fields, freeForm);
            else if (IsFieldParagraph(paragraphs[i])) ReadFields(paragraphs[i], fields, freeForm);
            else freeForm.Add(string.Join('\n', paragraphs[i]));
        }
        return new Dep3Header(fields.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value,
            StringComparer.OrdinalIgnoreCase),
            string.Join("\n\n", freeForm).Trim('\n'));
    }

    /// <summary>The lines before the diff, without the mbox separator line git format-patch starts with.</summary>
    public static List<string> HeaderLines(string patchText)
    {
        var lines = patchText.TrimStart('\uFEFF').Replace("\r\n", "\n").Split('\n');
        var header = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line == "---" || IsDiffStart(lines, i)) break;
            if (header.All(string.IsNullOrWhiteSpace) && MboxSeparator().IsMatch(line)) continue;
            header.Add(line);
        }
        return header.FirstOrDefault(l => l.Length > 0)?.StartsWith('#') == true ? Uncommented(header) : header;
    }

    /// <summary>
    /// A patch that must be a script (dpatch) carries its fields in comments: DEP-3 reads them once "# " is
    /// stripped; the "#!" line and the "@DPATCH@" marker are the script's own.
    /// </summary>
    private static List<string> Uncommented(List<string> lines) =>
        lines.Where(l => !l.StartsWith("#!", StringComparison.Ordinal) && l != "@DPATCH@")
            .Select(l => l.StartsWith("# ", StringComparison.Ordinal) ? l[2..] : l.StartsWith('#') ? l[1..] : l)
                .ToList();

    /// <summary>Where a diff begins: <c>diff ...</c>, quilt's <c>Index:</c>, or a <c>---</c>/<c>+++</c> pair.</summary>
    public static bool IsDiffStart(string[] lines, int i) =>
        lines[i].StartsWith("diff ", StringComparison.Ordinal)
            || lines[i].StartsWith("Index: ", StringComparison.Ordinal)
        || (lines[i].StartsWith("--- ", StringComparison.Ordinal) && i + 1 < lines.Length
            && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal));

    private static List<List<string>> Paragraphs(List<string> lines)
    {
        var paragraphs = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line)) { current = null; continue; }
            if (current is null) paragraphs.Add(current = []);
            current.Add(line);
        }
        return paragraphs;
    }

    private static bool IsFieldParagraph(List<string> paragraph) =>
        FieldLine().Match(paragraph[0]).Success
        && paragraph.All(l => char.IsWhiteSpace(l[0]) || FieldLine().IsMatch(l))
        && paragraph.Any(l => FieldLine().Match(l) is { Success: true } m && IsKnown(m.Groups["name"].Value));

    private static bool IsKnown(string name) =>
        KnownFields.Contains(name, StringComparer.OrdinalIgnoreCase)
            || name.StartsWith("Bug-", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Fields of one paragraph. Continuation lines keep their line breaks in <c>Description</c> (a lone "." is an
    /// empty line, as in Debian control files) and are unfolded with a space elsewhere (RFC 2822 folding, as git
    /// writes a long <c>Subject</c>). A line that is neither a field nor a continuation is free-form text.
    /// </summary>
    private static void ReadFields(List<string> paragraph, Dictionary<string, List<string>> fields,
        List<string> freeForm)
    {
        string? current = null;
        var loose = new List<string>();
        foreach (var line in paragraph)
        {
            if (char.IsWhiteSpace(line[0]) && current is not null)
            {
                var text = line.Trim();
                var values = fields[current];
                values[^1] = current.Equals("Description", StringComparison.OrdinalIgnoreCase)
                    ? values[^1] + "\n" + (text == "." ? "" : text)
                    : (values[^1] + " " + text).Trim();
                continue;
            }
            if (FieldLine().Match(line) is not { Success: true } field) { current = null; loose.Add(line); continue; }
            current = field.Groups["name"].Value;
            if (!fields.TryGetValue(current, out var list)) fields[current] = list = [];
            list.Add(field.Groups["value"].Value.Trim());
        }
        foreach (var values in fields.Values)
            for (var i = 0; i < values.Count; i++) values[i] = MimeEncodedWords.Decode(values[i]);
        if (loose.Count > 0) freeForm.Add(string.Join('\n', loose));
    }

    /// <summary>The first line of a message in an mbox, as git format-patch writes it: <c>From &lt;sha&gt; Mon Sep 17
    /// 00:00:00 2001</c>.</summary>
    [GeneratedRegex(@"^From \S+ +\S")]
    public static partial Regex MboxSeparator();

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9_-]*):(?!//)(?<value>.*)$")]
    private static partial Regex FieldLine();
}

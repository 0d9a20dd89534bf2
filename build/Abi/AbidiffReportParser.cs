using System.Text.RegularExpressions;

namespace OpenH264Build.Abi;

/// <summary>
/// Turns the text of <c>abidiff --leaf-changes-only --no-show-locs</c> into findings. In that mode each changed
/// type is reported once, at the top level, as <c>'struct SBufferInfo' changed:</c> with its size and member
/// offsets below; removed, added and changed functions and variables come in their own sections.
/// </summary>
public static partial class AbidiffReportParser
{
    [GeneratedRegex(@"^architecture changed from '(.+)' to '(.+)'")] private static partial Regex ArchitectureChange();
    [GeneratedRegex(@"^'(.+)' changed:$")] private static partial Regex TypeChange();
    [GeneratedRegex(@"^\[(D|A|C)\] (.*)$")] private static partial Regex Item();

    public static IReadOnlyList<AbiFinding> Parse(string report)
    {
        var findings = new List<AbiFinding>();
        var lines = report.Replace("\r", "").Split('\n');
        string? section = null;      // e.g. "Removed function", "Changed variable"

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;

            if (SectionName(trimmed) is { } name)
            {
                section = name;
                continue;
            }
            if (ArchitectureChange().Match(trimmed) is { Success: true } arch)
            {
                findings.Add(new AbiFinding(FindingSeverity.Error, "architecture", arch.Groups[2].Value,
                    $"ELF architecture changed from {arch.Groups[1].Value} to {arch.Groups[2].Value}"));
                continue;
            }
            if (!char.IsWhiteSpace(line[0]) && TypeChange().Match(line) is { Success: true } tc)
            {
                var details = TakeIndented(lines, ref i);
                findings.Add(TypeFinding(tc.Groups[1].Value, details));
                section = null;
                continue;
            }
            if (section is not null && Item().Match(trimmed) is { Success: true } item)
            {
                var details = TakeIndented(lines, ref i, deeperThan: Indent(line));
                findings.Add(ItemFinding(section, item.Groups[1].Value, item.Groups[2].Value, details));
            }
        }
        return findings;
    }

    [GeneratedRegex(
        @"^(\d+) (Removed|Added|Changed) (function|variable)s?( symbols? not referenced by debug info)?:$")]
    private static partial Regex SectionHeader();
    [GeneratedRegex(
        @"^(\d+) (function|variable)s? with some sub-type changes?:$")]
    private static partial Regex ChangedSectionHeader();

    /// <summary>The section a header line opens, e.g. "Removed function", "Changed variable"; null for any other
    /// line.</summary>
    private static string? SectionName(string trimmed) =>
        SectionHeader().Match(trimmed) is { Success: true } sh
            ? $"{sh.Groups[2].Value} {sh.Groups[3].Value}{(sh.Groups[4].Success ? " symbol" : "")}"
        : ChangedSectionHeader().Match(trimmed) is { Success: true } ch ? $"Changed {ch.Groups[2].Value}"
        : null;

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    /// <summary>The lines below a heading that are indented deeper than it (blank lines inside are skipped).</summary>
    private static List<string> TakeIndented(string[] lines, ref int i, int deeperThan = 0)
    {
        var result = new List<string>();
        while (i + 1 < lines.Length)
        {
            var next = lines[i + 1];
            if (next.Trim().Length == 0)
            {
                // A blank line ends the block unless the block goes on after it.
                if (i + 2 < lines.Length && lines[i + 2].Trim().Length > 0 && Indent(lines[i + 2]) > deeperThan
                    && deeperThan > 0) { i++; continue; }
                break;
            }
            if (Indent(next) <= deeperThan) break;
            result.Add(next.Trim());
            i++;
        }
        return result;
    }

    [GeneratedRegex(@"type size changed from (\d+) to (\d+) \(in bits\)")] private static partial Regex SizeChange();
    [GeneratedRegex(@"^'(.+?)' offset changed from (\d+) to (\d+)")] private static partial Regex OffsetChange();
    [GeneratedRegex(@"^'(.+?)',? at offset (\d+) \(in bits\)")] private static partial Regex MemberAt();
    [GeneratedRegex(
        @"^\d+ enumerator (insertion|insertions):$|^type size hasn't changed$|^'[^']+' value '?-?\d+'?$|" +
        @"^(\d+|one) impacted interfaces?:?$")]
    private static partial Regex CompatibleDetail();

    private static AbiFinding TypeFinding(string typeName, List<string> details)
    {
        long? oldSize = null, newSize = null, oldOffset = null, newOffset = null;
        foreach (var d in details)
        {
            if (SizeChange().Match(d) is { Success: true } s) { oldSize = long.Parse(s.Groups[1]
                .Value); newSize = long.Parse(s.Groups[2].Value); }
            else if (OffsetChange().Match(d) is { Success: true } o
                && oldOffset is null) { oldOffset = long.Parse(o.Groups[2].Value); newOffset = long.Parse(o.Groups[3]
                    .Value); }
            else if (MemberAt().Match(d) is { Success: true } m && newOffset is null
                && oldOffset is null) { newOffset = long.Parse(m.Groups[2].Value); }
        }
        // Only added enumerators (and the list of interfaces they reach) keep old programs working.
        var impacted = details.FindIndex(d => d.Contains("impacted interface", StringComparison.Ordinal));
        var own = impacted < 0 ? details : details.Take(impacted).ToList();
        var compatible = own.All(d => CompatibleDetail().IsMatch(d) || d.StartsWith('\'')
            && d.Contains(" value ", StringComparison.Ordinal));
        var summary = string.Join("; ", own.Take(6));
        return new AbiFinding(compatible ? FindingSeverity.Warning : FindingSeverity.Error, "changed-type", typeName,
            $"{typeName} changed: {summary}", oldSize, newSize, oldOffset, newOffset);
    }

    [GeneratedRegex(@"\{([^,}]+)")] private static partial Regex SymbolInBraces();
    [GeneratedRegex(@"^'([^']+)'")] private static partial Regex Quoted();

    private static AbiFinding ItemFinding(string section, string mark, string text, List<string> details)
    {
        var kind = section.Contains("variable") ? "variable" : "function";
        var symbol = SymbolInBraces().Match(text) is { Success: true } b ? b.Groups[1].Value.Trim()
            : Quoted().Match(text) is { Success: true } q ? q.Groups[1].Value
            : text.Split(',')[0].Trim();
        var described = Quoted().Match(text) is { Success: true } d ? d.Groups[1].Value : symbol;
        return mark switch
        {
            "D" => new AbiFinding(FindingSeverity.Error, $"removed-{kind}", symbol, $"removed {kind} {described}"),
            "A" => new AbiFinding(FindingSeverity.Note, $"added-{kind}", symbol, $"added {kind} {described}"),
            _ => new AbiFinding(FindingSeverity.Error, $"changed-{kind}", described,
                $"{described} changed: {string.Join("; ", details.Take(6))}")
        };
    }
}

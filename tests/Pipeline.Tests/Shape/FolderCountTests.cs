using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OpenH264Build.Tests.Shape;

/// <summary>
/// A second count of the folders' uses, made without Roslyn so that it cannot share the shape test's mistakes: it reads
/// the text, takes the type names each folder declares, and counts a folder as using another when its code names
/// one of them (bare, where the file imports that folder's namespace or is in it, or qualified by the folder's
/// name). Two folders that reach each other by such uses form a strongly connected group: a circle.
/// </summary>
public sealed partial class FolderCountTests(ITestOutputHelper output)
{
    [Fact]
    public void Counted_from_the_text_no_folders_of_the_build_form_a_circle()
    {
        var uses = CountUses();
        var groups = Groups(uses);
        output.WriteLine($"{uses.Count} folders, {uses.Sum(u => u.Value.Count)} uses between folders, "
            + $"{groups.Count(g => g.Count > 1)} strongly connected group(s) of two or more");
        foreach (var (from, to) in uses.OrderBy(u => u.Key, StringComparer.Ordinal))
            output.WriteLine($"{from} -> {string.Join(" ", to.Order(StringComparer.Ordinal))}");
        Assert.All(groups, g => Assert.True(g.Count == 1, "Folders in a circle: " + string.Join(", ", g)));
    }

    static Dictionary<string, HashSet<string>> CountUses()
    {
        var files = BuildSources.Trees.Select(t => (Folder: FolderUses.FolderOf(t.FilePath),
            Text: Code(t.GetText().ToString())))
            .ToList();
        var declared = files.SelectMany(f => Declaration().Matches(f.Text)
                .Select(m => (Name: m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, f.Folder)))
            .GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.Select(d => d.Folder).ToHashSet());
        // A folder's own properties and fields may share a type's name (NukeBuild Build { get; }): those words are not
        // uses.
        var members = files.GroupBy(f => f.Folder).ToDictionary(g => g.Key,
            g => g.SelectMany(f => Member().Matches(f.Text).Select(m => m.Groups[1].Value)).ToHashSet());
        var uses = files.Select(f => f.Folder).Distinct().ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var (folder, text) in files)
        {
            var imported = Imports().Matches(text).Select(m => m.Groups[1].Value).Append(folder)
                .Append(FolderUses.Root).ToHashSet();
            foreach (Match name in BareName().Matches(text))
                if (declared.TryGetValue(name.Value, out var owners) && !owners.Contains(folder)
                    && !members[folder].Contains(name.Value))
                    uses[folder].UnionWith(owners.Where(imported.Contains));
            foreach (Match name in QualifiedName().Matches(text))
                if (declared.TryGetValue(name.Groups[2].Value, out var owners) && owners.Contains(name.Groups[1].Value)
                    && name.Groups[1].Value != folder)
                    uses[folder].Add(name.Groups[1].Value);
        }
        return uses;
    }

    /// <summary>Groups of folders that reach each other (each folder is in one group; a group of one is no
    /// circle).</summary>
    static List<List<string>> Groups(Dictionary<string, HashSet<string>> uses)
    {
        var reach = uses.Keys.ToDictionary(f => f, f => Reachable(uses, f));
        var groups = new List<List<string>>();
        foreach (var folder in uses.Keys.Order(StringComparer.Ordinal).Where(f => !groups.Any(g => g.Contains(f))))
            groups.Add(uses.Keys.Where(o => o == folder || (reach[folder].Contains(o) && reach[o].Contains(folder)))
                .Order(StringComparer.Ordinal).ToList());
        return groups;
    }

    static HashSet<string> Reachable(Dictionary<string, HashSet<string>> uses, string start)
    {
        var seen = new HashSet<string>();
        var next = new Queue<string>(uses[start]);
        while (next.TryDequeue(out var folder))
            if (seen.Add(folder)) foreach (var used in uses.GetValueOrDefault(folder, [])) next.Enqueue(used);
        return seen;
    }

    /// <summary>The code without comments and string literals (whose words name nothing).</summary>
    static string Code(string text) => Comment().Replace(text, " ");

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:""""|[^""])*""|""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(
        @"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)|\bdelegate\s+[\w<>\[\],?\s]+?\s([A-Z]\w*)\s*\(")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"[\w>\]?]\s+([A-Z]\w*)\s*(?:\{\s*(?:get|set|init)\b|=>|;)")]
    private static partial Regex Member();

    [GeneratedRegex(@"^using OpenH264Build\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex Imports();

    /// <summary>
    /// A name not reached through a member access (<c>x.Name</c>) nor declared or assigned (<c>Type Name { get; }</c>,
    /// <c>Name = value;</c>: a member that shares a type's name), or one that follows <c>new</c>.
    /// </summary>
    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*\b(?!\s*(?:\{|;|=(?![=>])))|(?<=\bnew\s+)[A-Z]\w*\b")]
    private static partial Regex BareName();

    /// <summary>A name qualified by a folder's namespace (<c>Dist.DistFolder</c>,
    /// <c>OpenH264Build.Dist.DistFolder</c>).</summary>
    [GeneratedRegex(@"(?<![\w.])(?:OpenH264Build\.)?([A-Z]\w*)\.([A-Z]\w*)\b")]
    private static partial Regex QualifiedName();
}

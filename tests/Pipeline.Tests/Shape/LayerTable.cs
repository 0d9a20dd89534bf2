using System.Text.RegularExpressions;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Shape;

/// <summary>
/// The layers of build/ as build/README.md's table gives them: a row per layer, numbered from the bottom, naming its
/// folders (<c>`Abi/`</c>; <c>`Build*.cs`</c> for the files at the top of build/). A folder may use its own layer's
/// folders and the layers below; the shape tests read the table, so the map and the code cannot drift apart.
/// </summary>
internal static partial class LayerTable
{
    public static string File => Path.Combine(RepositoryPaths.Root, "build", "README.md");

    /// <summary>Each folder named in the table with its layer's number and name; a folder named twice is kept
    /// twice.</summary>
    public static IReadOnlyList<(string Folder, int Layer, string Name)> Rows { get; } = Read();

    public static int LayerOf(string folder) => Rows.Single(r => r.Folder == folder).Layer;

    public static string NameOf(int layer) => Rows.First(r => r.Layer == layer).Name;

    static List<(string, int, string)> Read()
    {
        var rows = new List<(string, int, string)>();
        foreach (var line in System.IO.File.ReadLines(File))
        {
            var row = LayerRow().Match(line);
            if (!row.Success) continue;
            var layer = int.Parse(row.Groups["number"].Value);
            foreach (Match folder in FolderCell().Matches(row.Groups["folders"].Value))
                rows.Add((folder.Groups[1].Value == "Build*.cs" ? FolderUses.Root : folder.Groups[1].Value.TrimEnd('/'),
                    layer, row.Groups["name"].Value));
        }
        return rows;
    }

    [GeneratedRegex(@"^\| (?<number>\d+) (?<name>[a-z]+) \| (?<folders>[^|]+) \|")]
    private static partial Regex LayerRow();

    [GeneratedRegex(@"`([A-Za-z]+/|Build\*\.cs)`")]
    private static partial Regex FolderCell();
}

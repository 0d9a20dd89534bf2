using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpenH264Build.Tests.Shape;

/// <summary>
/// The layers of build/ (build/README.md's table): formats and tools at the bottom, the run context above them, the
/// domains above it, the stages on top, the engine apart below everything. Which folder uses which is read from the
/// semantic model, so a type named through a using, an alias, a qualified name or an extension method counts alike.
/// </summary>
public sealed class LayerShapeTests
{
    const int MaxLineLength = 120;

    [Fact]
    public void Every_folder_of_the_build_is_in_exactly_one_layer_of_the_table()
    {
        var folders = BuildSources.Trees.Select(t => FolderUses.FolderOf(t.FilePath)).Distinct().Order().ToList();
        var unplaced = folders.Where(f => LayerTable.Rows.All(r => r.Folder != f)).ToList();
        var twice = LayerTable.Rows.GroupBy(r => r.Folder).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var gone = LayerTable.Rows.Select(r => r.Folder).Except(folders).ToList();
        Assert.True(unplaced.Count + twice.Count + gone.Count == 0,
            $"{LayerTable.File}: not in the layer table: {string.Join(", ", unplaced)}; in two layers: "
            + $"{string.Join(", ", twice)}; in the table but not in build/: {string.Join(", ", gone)}");
    }

    [Fact]
    public void Every_file_declares_the_namespace_of_its_folder()
    {
        var wrong = BuildSources.Trees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            .Select(n => (Where: BuildSources.Where(n), Name: n.Name.ToString(),
                Folder: FolderUses.FolderOf(n.SyntaxTree.FilePath)))
            .Where(n => n.Name != (n.Folder == FolderUses.Root ? "OpenH264Build" : $"OpenH264Build.{n.Folder}"))
            .Select(n => $"{n.Where}: namespace {n.Name} in {n.Folder}/")
            .ToList();
        Assert.True(wrong.Count == 0, "A namespace that is not its folder:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_semantic_model_binds_every_name_of_the_build()
    {
        // The regex source generator is not run here: its partial methods lack their generated half (CS8795).
        var errors = FolderUses.Compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795")
            .Select(d => d.ToString()).Take(10).ToList();
        Assert.True(errors.Count == 0, "The shape tests would miss uses the compiler cannot bind:\n"
            + string.Join("\n", errors));
    }

    [Fact]
    public void No_folder_uses_a_folder_of_a_higher_layer()
    {
        var upward = FolderUses.Uses.Where(u => LayerTable.LayerOf(u.To) > LayerTable.LayerOf(u.From))
            .Select(u => $"{u.From}/ ({LayerTable.NameOf(LayerTable.LayerOf(u.From))}) uses {u.To}/ "
                + $"({LayerTable.NameOf(LayerTable.LayerOf(u.To))}): {u.Type} at {u.Where}")
            .ToList();
        Assert.True(upward.Count == 0, "A lower layer uses a higher one:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void The_domains_know_nothing_of_the_run_but_the_mark_of_a_result()
    {
        var domains = LayerTable.Rows.Where(r => r.Name == "domains").Select(r => r.Folder).ToHashSet();
        var run = FolderUses.Uses.Where(u => domains.Contains(u.From) && u.To == "Pipeline" && u.Type != "IStageResult")
            .Select(u => $"{u.From}/ uses {u.Type} at {u.Where}")
            .ToList();
        Assert.True(run.Count == 0, "A domain reads the run (only Stages/ may):\n" + string.Join("\n", run));
    }

    [Fact]
    public void No_folders_of_the_build_use_each_other_in_a_circle()
    {
        var graph = FolderUses.Graph();
        var knots = FolderCycles.StronglyConnected(graph.ToDictionary(g => g.Key,
            g => (IEnumerable<string>)g.Value.Keys))
            .Where(c => c.Count > 1)
            .Select(c => string.Join(", ", c) + ":\n  " + string.Join("\n  ",
                c.SelectMany(a => graph[a].Where(b => c.Contains(b.Key)).Select(b => $"{a} -> {b.Key} ({b.Value})"))))
            .ToList();
        Assert.True(knots.Count == 0, "Folders in a circle:\n" + string.Join("\n", knots));
    }

    [Fact]
    public void No_line_of_the_build_is_longer_than_120_characters()
    {
        var wide = BuildSources.Trees.SelectMany(t => t.GetText().Lines
                .Where(l => l.Span.Length > MaxLineLength)
                .Select(l => $"{BuildSources.Relative(t.FilePath)}:{l.LineNumber + 1} ({l.Span.Length})"))
            .ToList();
        Assert.True(wide.Count == 0, $"{wide.Count} lines over {MaxLineLength} characters:\n" + string.Join("\n",
            wide.Take(50)));
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpenH264Build.Tests.Shape;

/// <summary>
/// The shape the build program holds itself to, checked on its own sources so that a change that breaks it fails here
/// rather than in a review: short methods and files, async end to end, and Build.cs as the table of contents.
/// </summary>
public sealed class CodeShapeTests
{
    const int MaxMethodLines = 40;
    const int MaxFileLines = 250;

    [Fact]
    public void No_method_of_the_build_is_longer_than_40_lines()
    {
        var tooLong = BuildSources.Trees.SelectMany(BuildSources.Methods)
            .Where(m => BuildSources.Lines(m) > MaxMethodLines)
            .Select(m => $"{BuildSources.Where(m)} ({BuildSources.Lines(m)} lines)")
            .ToList();
        Assert.True(tooLong.Count == 0, "Methods over 40 lines:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void No_file_of_the_build_is_longer_than_250_lines()
    {
        var tooLong = BuildSources.Trees
            .Select(t => (File: BuildSources.Relative(t.FilePath), Lines: t.GetText().Lines.Count))
            .Where(f => f.Lines > MaxFileLines)
            .Select(f => $"{f.File} ({f.Lines} lines)")
            .ToList();
        Assert.True(tooLong.Count == 0, "Files over 250 lines:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void Nothing_in_the_build_blocks_on_a_task()
    {
        var blocking = BuildSources.Trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            .Where(m => (m.Name.Identifier.Text is "GetAwaiter" or "Wait" && m.Parent is InvocationExpressionSyntax)
                        || (m.Name.Identifier.Text == "Result" && m.Parent is not InvocationExpressionSyntax))
            .Select(m => $"{BuildSources.Where(m)}: {m}")
            .ToList();
        Assert.True(blocking.Count == 0, "Blocking on a task:\n" + string.Join("\n", blocking));
    }

    [Fact]
    public void Build_cs_declares_every_target_with_its_description_and_no_other_file_declares_one()
    {
        var targets = BuildSources.Trees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<PropertyDeclarationSyntax>())
            .Where(p => p.Type.ToString() == "Target" && p.Parent is ClassDeclarationSyntax { Identifier.Text: "Build" })
            .ToList();
        var elsewhere = targets.Where(t => BuildSources.Relative(t.SyntaxTree.FilePath) != "Build.cs").Select(BuildSources.Where).ToList();
        Assert.True(elsewhere.Count == 0, "Targets declared outside Build.cs: " + string.Join(", ", elsewhere));
        var graph = OpenH264Build.Engine.TargetGraph.From(new Build());
        Assert.Equal(graph.Targets.Select(t => t.Name).Order(), targets.Select(t => t.Identifier.Text).Order());
        Assert.All(graph.Targets, t => Assert.False(string.IsNullOrWhiteSpace(t.DescriptionText), $"{t.Name} has no description"));
    }

    [Fact]
    public void Build_cs_holds_targets_only_and_fits_one_screen()
    {
        var buildCs = BuildSources.Trees.Single(t => BuildSources.Relative(t.FilePath) == "Build.cs");
        var members = buildCs.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single().Members;
        var others = members.Where(m => m is not PropertyDeclarationSyntax { Type: IdentifierNameSyntax { Identifier.Text: "Target" } }
            && !(m is MethodDeclarationSyntax { Identifier.Text: "Main" })).Select(BuildSources.Where).ToList();
        Assert.True(others.Count == 0, "Build.cs declares more than targets: " + string.Join(", ", others));
        Assert.True(buildCs.GetText().Lines.Count <= 120, $"Build.cs is {buildCs.GetText().Lines.Count} lines");
    }
}

using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Tests.Shape;

/// <summary>
/// From the table of contents to the code that does a target's work is one hop: every action of every target in
/// Build.cs is <c>() => Run(new XxxStage(...))</c>, XxxStage a stage class declared in build/Stages/; and no class
/// named like a stage lives anywhere else.
/// </summary>
public sealed class TargetStageTests
{
    const string StagesFolder = "Stages";

    static IEnumerable<ClassDeclarationSyntax> Classes => BuildSources.Trees
        .SelectMany(t => t.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>());

    [Fact]
    public void Every_target_in_Build_cs_executes_Run_of_a_new_stage_class_of_Stages()
    {
        var stages = Classes.Where(c => FolderUses.FolderOf(c.SyntaxTree.FilePath) == StagesFolder
                && c.Identifier.Text.EndsWith("Stage", StringComparison.Ordinal) && IsStage(c.Identifier.Text))
            .Select(c => c.Identifier.Text).ToHashSet();
        var buildCs = BuildSources.Trees.Single(t => BuildSources.Relative(t.FilePath) == "Build.cs");
        var actions = buildCs.GetRoot().DescendantNodes().OfType<PropertyDeclarationSyntax>()
            .Where(p => p.Type.ToString() == "Target")
            .SelectMany(p => p.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "Executes" })
                .Select(i => (Target: p.Identifier.Text, Executes: i)))
            .ToList();
        Assert.NotEmpty(actions);
        var elsewhere = actions.Where(a => StageRun(a.Executes) is not { } stage || !stages.Contains(stage))
            .Select(a => $"{a.Target} ({BuildSources.Where(a.Executes.ArgumentList)}): .Executes({a.Executes.ArgumentList.Arguments})")
            .ToList();
        Assert.True(elsewhere.Count == 0, "Targets whose action is not () => Run(new XxxStage(...)) with XxxStage a "
            + $"stage class of build/{StagesFolder}/:\n" + string.Join("\n", elsewhere));
    }

    [Fact]
    public void No_stage_class_is_declared_outside_Stages()
    {
        var outside = Classes.Where(c => c.Identifier.Text.EndsWith("Stage", StringComparison.Ordinal)
                && FolderUses.FolderOf(c.SyntaxTree.FilePath) != StagesFolder)
            .Select(c => $"{BuildSources.Where(c)}: {c.Identifier}")
            .ToList();
        Assert.True(outside.Count == 0, $"Stage classes outside build/{StagesFolder}/:\n" + string.Join("\n", outside));
    }

    /// <summary>The class an action runs when the action is exactly <c>() => Run(new Xxx(...))</c>; null
    /// otherwise.</summary>
    static string? StageRun(InvocationExpressionSyntax executes) =>
        executes.ArgumentList.Arguments is [{ Expression: ParenthesizedLambdaExpressionSyntax
            {
                ParameterList.Parameters.Count: 0,
                ExpressionBody: InvocationExpressionSyntax
                {
                    Expression: IdentifierNameSyntax { Identifier.Text: "Run" },
                    ArgumentList.Arguments: [{ Expression: ObjectCreationExpressionSyntax { Type: IdentifierNameSyntax type } }],
                },
            } }]
            ? type.Identifier.Text
            : null;

    /// <summary>Whether the compiled build's class of that name in Stages/ is an IStage or an IStage of a
    /// result.</summary>
    static bool IsStage(string name) =>
        typeof(Build).Assembly.GetType($"OpenH264Build.{StagesFolder}.{name}") is { } type
        && type.GetInterfaces().Any(i => i == typeof(IStage)
            || (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStage<>)));
}

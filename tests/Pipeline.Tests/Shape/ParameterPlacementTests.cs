using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpenH264Build.Tests.Shape;

/// <summary>
/// Each parameter lives in the partial of the concern that owns it: one that several targets read (its ReadBy names
/// more than one) is no one concern's, and lives in build/Build.Parameters.cs with its check.
/// </summary>
public sealed class ParameterPlacementTests
{
    const string SharedFile = "Build.Parameters.cs";

    [Fact]
    public void A_parameter_several_targets_read_is_declared_in_Build_Parameters()
    {
        var parameters = BuildSources.Trees
            .Where(t => BuildSources.Relative(t.FilePath) is var f && f.StartsWith("Build.", StringComparison.Ordinal))
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>())
            .Select(f => (Field: f, Parameter: f.AttributeLists.SelectMany(l => l.Attributes)
                .FirstOrDefault(a => a.Name.ToString() == "Parameter")))
            .Where(p => p.Parameter is not null)
            .ToList();
        Assert.NotEmpty(parameters);
        var misplaced = parameters
            .Where(p => ReadBy(p.Parameter!) > 1 && BuildSources.Relative(p.Field.SyntaxTree.FilePath) != SharedFile)
            .Select(p => $"{BuildSources.Where(p.Field)}: {p.Field.Declaration.Variables[0].Identifier} is read by "
                + $"{ReadBy(p.Parameter!)} targets")
            .ToList();
        Assert.True(misplaced.Count == 0, $"Parameters several targets read, outside {SharedFile}:\n"
            + string.Join("\n", misplaced));
    }

    /// <summary>How many targets the attribute's ReadBy names.</summary>
    static int ReadBy(AttributeSyntax parameter) =>
        parameter.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.ToString() == "ReadBy")?.Expression
            is CollectionExpressionSyntax list ? list.Elements.Count : 0;
}

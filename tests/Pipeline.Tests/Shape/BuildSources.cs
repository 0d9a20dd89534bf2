using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Shape;

/// <summary>The build program's sources (build/, without bin and obj), parsed with Roslyn, as the shape rules read them.</summary>
internal static class BuildSources
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "build");

    public static IReadOnlyList<SyntaxTree> Trees { get; } = System.IO.Directory
        .EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories)
        .Where(f => !Relative(f).StartsWith("bin/", StringComparison.Ordinal) && !Relative(f).StartsWith("obj/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f))
        .ToList();

    public static string Relative(string path) => Path.GetRelativePath(Directory, path).Replace('\\', '/');

    /// <summary>Lines a node spans, from its first token (attributes and comments before it are not counted) to its last.</summary>
    public static int Lines(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
    }

    public static string Where(SyntaxNode node) =>
        $"{Relative(node.SyntaxTree.FilePath)}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";

    /// <summary>Everything that reads as a method: methods, constructors, accessors, local functions, operators, lambdas.</summary>
    public static IEnumerable<SyntaxNode> Methods(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
            or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax
            or PropertyDeclarationSyntax { ExpressionBody: not null });
}

using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpenH264Build.Tests.Shape;

/// <summary>
/// Which folder of build/ uses which, as Roslyn's semantic model sees it: every name in a folder's code that binds to
/// a type or member declared in another folder's namespace is a use of that folder. The files at the top of build/
/// (the Build partials) are the folder <see cref="Root"/>.
/// </summary>
internal static class FolderUses
{
    public const string Root = "Build";
    const string Prefix = "OpenH264Build";

    /// <summary>The usings the SDK adds to every file of the project (ImplicitUsings), which the parsed trees
    /// lack.</summary>
    const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; "
        + "global using System.Linq; global using System.Net.Http; global using System.Threading; "
        + "global using System.Threading.Tasks;";

    static readonly Lazy<CSharpCompilation> compilation = new(Compile);

    public static CSharpCompilation Compilation => compilation.Value;

    /// <summary>The folder a file of build/ is in: its first path segment, or <see cref="Root"/> for the top.</summary>
    public static string FolderOf(string path)
    {
        var relative = BuildSources.Relative(path);
        var slash = relative.IndexOf('/');
        return slash < 0 ? Root : relative[..slash];
    }

    /// <summary>The folder a namespace of the build stands for: OpenH264Build.X is X/, OpenH264Build the top.</summary>
    public static string? FolderOf(INamespaceSymbol? ns)
    {
        var name = ns?.ToDisplayString() ?? "";
        if (name == Prefix) return Root;
        return name.StartsWith(Prefix + ".", StringComparison.Ordinal) ? name[(Prefix.Length + 1)..].Split('.')[0]
            : null;
    }

    /// <summary>One name in one folder's code that binds to something another folder declares.</summary>
    public sealed record Use(string From, string To, string Type, string Where);

    static readonly Lazy<IReadOnlyList<Use>> uses = new(FindUses);

    /// <summary>Every use of another folder, once per folder, used folder and type.</summary>
    public static IReadOnlyList<Use> Uses => uses.Value;

    /// <summary>Each folder's uses of other folders, with one place of each use as the evidence.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, string>> Graph() => Uses
        .GroupBy(u => u.From)
        .ToDictionary(g => g.Key, g => g.GroupBy(u => u.To).ToDictionary(h => h.Key, h => h.First().Where));

    static List<Use> FindUses()
    {
        var found = new Dictionary<(string, string, string), Use>();
        foreach (var tree in Compilation.SyntaxTrees.Where(t => t.FilePath.Length > 0))
        {
            var from = FolderOf(tree.FilePath);
            var model = Compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var type = DeclaringType(model.GetSymbolInfo(name).Symbol);
                var to = FolderOf(type?.ContainingNamespace);
                if (type is null || to is null || to == from) continue;
                found.TryAdd((from, to, type.Name), new Use(from, to, type.Name, $"{BuildSources.Where(name)} {name}"));
            }
        }
        return found.Values.ToList();
    }

    /// <summary>The outermost type of the build a symbol belongs to (the type itself, or the one declaring a
    /// member).</summary>
    static INamedTypeSymbol? DeclaringType(ISymbol? symbol)
    {
        if (symbol is null or INamespaceSymbol or ILocalSymbol or IParameterSymbol or ITypeParameterSymbol
            or IRangeVariableSymbol or ILabelSymbol or IDiscardSymbol) return null;
        if (!SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Compilation.Assembly)) return null;
        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        while (type?.ContainingType is not null) type = type.ContainingType;
        return type?.OriginalDefinition;
    }

    static CSharpCompilation Compile()
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = BuildSources.Trees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), options, t.FilePath))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, options));
        return CSharpCompilation.Create("_build", trees, References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true));
    }

    /// <summary>The framework and every library next to the tests (the build's packages are among them).</summary>
    static IEnumerable<MetadataReference> References()
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var beside = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) != "_build.dll" && IsAssembly(f));
        return framework.Concat(beside).DistinctBy(Path.GetFileName).Select(f => MetadataReference.CreateFromFile(f));
    }

    static bool IsAssembly(string file)
    {
        try { AssemblyName.GetAssemblyName(file); return true; }
        catch (BadImageFormatException) { return false; }
    }
}

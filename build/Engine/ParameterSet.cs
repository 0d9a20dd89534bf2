using System.Reflection;
using System.Text.Json;

namespace OpenH264Build.Engine;

/// <summary>
/// Finds every parameter of a build and fills it: command line first, then environment variables, then
/// <c>.nuke/parameters.json</c>. Values of secret parameters are handed to <see cref="SecretMasker"/>.
/// </summary>
internal sealed class ParameterSet
{
    public IReadOnlyList<BuildParameter> Parameters { get; }

    private ParameterSet(IReadOnlyList<BuildParameter> parameters) => Parameters = parameters;

    public static ParameterSet Of(Type buildType)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var members = buildType.GetFields(flags).Cast<MemberInfo>().Concat(buildType.GetProperties(flags))
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null)
            .OrderBy(x => x.Member.MetadataToken)
            .Select(x => new BuildParameter(x.Member, x.Attribute!,
                buildType.GetCustomAttribute<EnvironmentPrefixAttribute>()?.Prefix))
            .ToList();
        return new ParameterSet(members);
    }

    /// <summary>Where each parameter's value came from in the last <see cref="Apply"/> ("the command line", ...);
    /// absent: its default.</summary>
    public Dictionary<BuildParameter, string> Sources { get; } = [];

    public BuildParameter? Find(string optionName) =>
        Parameters.FirstOrDefault(p => string.Equals(p.OptionName, optionName, StringComparison.OrdinalIgnoreCase));

    public void Apply(
        object build,
        IReadOnlyDictionary<BuildParameter, IReadOnlyList<string>> fromCommandLine,
        Func<string, string?> environment,
        string? parametersFile)
    {
        var fromFile = ReadParametersFile(parametersFile);
        foreach (var parameter in Parameters)
        {
            if (Read(parameter, fromCommandLine, environment, fromFile) is { } found)
            {
                parameter.SetValue(build, found.Value);
                Sources[parameter] = found.Source;
            }
            // A default can be a secret too, and it must be masked as much as a given one.
            if (parameter.IsSecret) SecretMasker.Register(parameter.GetValue(build) as string);
        }
        SecretParameters.RemoveFromEnvironment(Parameters);
    }

    /// <summary>The parameter's value from the first source that gives one, converted, and which source it was; null
    /// keeps the default.</summary>
    private static (object? Value, string Source)? Read(
        BuildParameter parameter,
        IReadOnlyDictionary<BuildParameter, IReadOnlyList<string>> fromCommandLine,
        Func<string, string?> environment,
        Dictionary<string, JsonElement> fromFile)
    {
        if (fromCommandLine.TryGetValue(parameter, out var cli))
        {
            SecretParameters.RefuseInlineValue(parameter, cli);
            return Converted(parameter, cli, "the command line");
        }
        var env = parameter.EnvironmentVariables.Select(n => (Name: n,
            Value: environment(n))).FirstOrDefault(x => !string.IsNullOrEmpty(x.Value));
        if (env.Value is not null)
            return Converted(parameter, [env.Value], $"environment variable {env.Name}");
        if (fromFile.TryGetValue(parameter.Name, out var json)
            || fromFile.TryGetValue(parameter.OptionName.TrimStart('-'), out json))
            return Converted(parameter, JsonValues(json), ".nuke/parameters.json");
        return null;
    }

    private static (object? Value, string Source) Converted(BuildParameter parameter, IReadOnlyList<string> values,
        string source) =>
        (parameter.Convert(values, source), source);

    /// <summary>A value in parameters.json is one value or an array of them, written as JSON strings or
    /// numbers.</summary>
    private static IReadOnlyList<string> JsonValues(JsonElement json) =>
        json.ValueKind == JsonValueKind.Array ? json.EnumerateArray().Select(e => e.ToString()).ToList()
            : [json.ToString()];

    private static Dictionary<string, JsonElement> ReadParametersFile(string? path)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        if (path is null || !File.Exists(path)) return result;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            foreach (var property in doc.RootElement.EnumerateObject())
                if (!property.Name.StartsWith('$')) result[property.Name] = property.Value.Clone();
        }
        catch (JsonException e)
        {
            throw new BuildConfigurationException($"{path}: not valid JSON ({e.Message})");
        }
        return result;
    }
}

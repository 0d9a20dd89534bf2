using System.Reflection;
using System.Text;

namespace OpenH264Build.Engine;

/// <summary>One <see cref="ParameterAttribute"/> member of the build, with the names it is known by.</summary>
internal sealed class BuildParameter
{
    private readonly MemberInfo _member;

    /// <param name="environmentPrefix">With a prefix (OPENH264_), only PREFIX_NAME and the attribute's CI name are
    /// read.</param>
    public BuildParameter(MemberInfo member, ParameterAttribute attribute, string? environmentPrefix = null)
    {
        _member = member;
        Description = attribute.Description;
        IsSecret = member.GetCustomAttribute<SecretAttribute>() is not null;
        OptionName = "--" + ToKebabCase(member.Name);
        EnvironmentVariables = (environmentPrefix is null
                ? new[] { attribute.EnvironmentVariable, ToUpperSnakeCase(member.Name), member.Name }
                : new[] { environmentPrefix + ToUpperSnakeCase(member.Name), attribute.EnvironmentVariable })
            .Where(n => n is not null).Cast<string>().Distinct().ToArray();
        CiEnvironmentVariable = attribute.EnvironmentVariable;
        ReadBy = attribute.ReadBy;
    }

    /// <summary>The targets that read this parameter, as its attribute declares them.</summary>
    public IReadOnlyList<string> ReadBy { get; }

    public string Name => _member.Name;
    public string Description { get; }
    public bool IsSecret { get; }
    public string OptionName { get; }
    /// <summary>Every environment variable read, in the order they are tried.</summary>
    public IReadOnlyList<string> EnvironmentVariables { get; }

    /// <summary>The variable a CI system fixes for this value (GITHUB_TOKEN), when the parameter names one.</summary>
    public string? CiEnvironmentVariable { get; }

    /// <summary>The variable a workflow sets: the CI system's own name when there is one, else the build's.</summary>
    public string WorkflowEnvironmentVariable => CiEnvironmentVariable ?? EnvironmentVariables[0];

    public Type ValueType => _member switch
    {
        FieldInfo f => f.FieldType,
        PropertyInfo p => p.PropertyType,
        _ => throw new InvalidOperationException()
    };

    public Type ElementType => Nullable.GetUnderlyingType(ValueType)
        ?? (ValueType.IsArray ? ValueType.GetElementType()! : ValueType);
    public bool IsFlag => ElementType == typeof(bool) && !ValueType.IsArray;

    public object? GetValue(object build) => _member switch
    {
        FieldInfo f => f.GetValue(build),
        PropertyInfo p => p.GetValue(build),
        _ => null
    };

    public void SetValue(object build, object? value)
    {
        switch (_member)
        {
            case FieldInfo f: f.SetValue(build, value); break;
            case PropertyInfo p: p.SetValue(build, value); break;
        }
    }

    /// <summary>Turns text from any source into the member's type; a bad value names the parameter and the
    /// choices.</summary>
    public object? Convert(IReadOnlyList<string> values, string source)
    {
        if (ValueType.IsArray)
        {
            var items = values.SelectMany(v => v.Split(',',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            var array = Array.CreateInstance(ElementType, items.Length);
            for (var i = 0; i < items.Length; i++) array.SetValue(ConvertOne(items[i], source), i);
            return array;
        }
        return ConvertOne(values.LastOrDefault() ?? "", source);
    }

    private object? ConvertOne(string text, string source)
    {
        var type = ElementType;
        try
        {
            if (type == typeof(string)) return text;
            if (type == typeof(bool)) return text.Length == 0 || bool.Parse(text);
            if (type == typeof(int)) return int.Parse(text);
            if (type.IsEnum)
            {
                var match = Enum.GetNames(type).FirstOrDefault(n => NormalizeChoice(n) == NormalizeChoice(text));
                if (match is null) throw new FormatException();
                return Enum.Parse(type, match);
            }
        }
        catch (FormatException) { }
        catch (OverflowException) { }
        var expected = type.IsEnum ? $"accepted: {string.Join(", ", Enum.GetNames(type).Select(ChoiceName))}"
            : type == typeof(int) ? "accepted: a whole number"
            : type == typeof(bool) ? "accepted: true, false"
            : $"accepted: a {type.Name}";
        var shown = IsSecret ? "***" : text;
        var hint = IsSecret || !type.IsEnum ? "" : ChoiceSuggestion(type, text);
        throw new BuildConfigurationException($"Parameter {OptionName} from {source}: '{shown}' is not accepted " +
            $"({expected}).{hint}");
    }

    /// <summary>" Did you mean 'aarch64'?" for another name of a choice (arm64) or a near miss (aarch46).</summary>
    private static string ChoiceSuggestion(Type type, string text)
    {
        var aliased = Enum.GetNames(type).FirstOrDefault(n => type.GetField(n)!
            .GetCustomAttribute<AlsoKnownAsAttribute>()?.Names
            .Any(a => NormalizeChoice(a) == NormalizeChoice(text)) == true);
        return aliased is not null ? $" Did you mean '{ChoiceName(aliased)}'?"
            : Suggestion.DidYouMean(text, Enum.GetNames(type).Select(ChoiceName));
    }

    /// <summary>Enum members are written as the user types them: X86_64 is "x86_64", Aarch64 is "aarch64".</summary>
    public static string ChoiceName(string enumName) => enumName.ToLowerInvariant();
    private static string NormalizeChoice(string s) => s.Replace("-", "_").ToLowerInvariant();

    public static string ToKebabCase(string name) => ToSeparated(name, '-').ToLowerInvariant();
    public static string ToUpperSnakeCase(string name) => ToSeparated(name, '_').ToUpperInvariant();

    private static string ToSeparated(string name, char separator)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length
                && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                sb.Append(separator);
            sb.Append(c);
        }
        return sb.ToString();
    }
}

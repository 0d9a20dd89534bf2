namespace OpenH264Build.Engine;

/// <summary>What a path parameter must name.</summary>
public enum PathKind { File, Folder, FileOrFolder }

/// <summary>
/// The checks a build applies to its filled parameters before any target runs (<c>--plan</c> included), so a
/// wrong value stops the run at once with one line naming the parameter, where the value came from and what is
/// accepted, instead of failing minutes later deep inside a tool. Each check throws on the first wrong value.
/// </summary>
public sealed class ParameterCheck
{
    private readonly ParameterSet _parameters;
    private readonly IReadOnlySet<string> _planned;

    internal ParameterCheck(ParameterSet parameters, IEnumerable<string> plannedTargets)
    {
        _parameters = parameters;
        _planned = plannedTargets.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the run will execute the target (a value only one target uses is checked only then).</summary>
    public bool Plans(string target) => _planned.Contains(target);

    public void OneOf(string name, string? value, IReadOnlyCollection<string> accepted)
    {
        if (value is null || accepted.Contains(value, StringComparer.Ordinal)) return;
        Fail(name, value, $"accepted: {string.Join(", ", accepted)}");
    }

    public void AtLeast(string name, int value, int minimum)
    {
        if (value < minimum) Fail(name, value.ToString(), $"accepted: a whole number from {minimum}");
    }

    public void NotEmpty<T>(string name, IReadOnlyCollection<T> values, IEnumerable<string> accepted)
    {
        if (values.Count == 0) Fail(name, "", $"accepted: one or more of {string.Join(", ", accepted)}");
    }

    /// <summary>A path that must already exist (relative paths are taken from the current folder, as the build takes
    /// them).</summary>
    public void Exists(string name, string? path, PathKind kind)
    {
        if (path is null) return;
        var full = Path.GetFullPath(path);
        var found = kind switch
        {
            PathKind.File => File.Exists(full),
            PathKind.Folder => Directory.Exists(full),
            _ => File.Exists(full) || Directory.Exists(full),
        };
        if (found) return;
        var what = kind switch { PathKind.File => "an existing file", PathKind.Folder => "an existing folder",
            _ => "an existing file or folder" };
        var problem = kind == PathKind.File && Directory.Exists(full) ? "is a folder"
            : kind == PathKind.Folder && File.Exists(full) ? "is a file" : "does not exist";
        Fail(name, path, $"accepted: {what}", problem);
    }

    /// <summary>A parameter the run cannot go without, refused in the caller's own sentence (which says how to give
    /// it).</summary>
    public void Missing(string name, string sentence)
    {
        _ = _parameters.Parameters.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"No parameter named {name}");
        throw new BuildConfigurationException(sentence.EndsWith('.') ? sentence : sentence + ".");
    }

    /// <summary>Stops the run: "Parameter --jobs from the command line: '0' is not accepted (accepted: ...)".</summary>
    public void Fail(string name, string value, string accepted, string problem = "is not accepted")
    {
        var parameter = _parameters.Parameters.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"No parameter named {name}");
        var source = _parameters.Sources.TryGetValue(parameter, out var s) ? $" from {s}" : " (its default)";
        var shown = parameter.IsSecret ? "***" : value;
        throw new BuildConfigurationException($"Parameter {parameter.OptionName}{source}: '{shown}' {problem} " +
            $"({accepted}).");
    }
}

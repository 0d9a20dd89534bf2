namespace OpenH264Build.Engine;

/// <summary>
/// Marks a field or property of the build as a parameter, as NUKE does. Its value comes from the command line
/// (<c>--signing-key</c>), then the environment (<c>SIGNING_KEY</c>, or <see cref="EnvironmentVariable"/>),
/// then <c>.nuke/parameters.json</c>; otherwise the field keeps its initial value, which is its default.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>An extra environment variable to read, for names a CI system fixes (GITHUB_TOKEN).</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>
    /// The targets that read the value (by name). <c>--help</c> groups parameters by them and <c>&lt;Target&gt;
    /// --help</c>
    /// shows only those of the targets it runs: which partial file declares a parameter cannot tell who reads it.
    /// </summary>
    public string[] ReadBy { get; init; } = [];
}

/// <summary>A parameter whose value is never printed: the engine masks it in every log line it writes.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

namespace OpenH264Build.Engine;

/// <summary>
/// Other names people use for a choice (Debian's arm64 for aarch64). They are not accepted, since one choice has one
/// spelling, but a value given by one of them gets "did you mean" with the choice's own name.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class AlsoKnownAsAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

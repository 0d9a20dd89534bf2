namespace OpenH264Build.Engine;

/// <summary>
/// On the build class: every parameter reads the environment variable <c>&lt;prefix&gt;_&lt;NAME&gt;</c>
/// (<c>OPENH264_ARCH</c> for <c>Arch</c>) instead of the bare <c>ARCH</c>, which developers often export for other
/// tools. A parameter's <see cref="ParameterAttribute.EnvironmentVariable"/> (a name a CI system fixes, such as
/// <c>GITHUB_TOKEN</c>) is still read as it is, after the prefixed one.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EnvironmentPrefixAttribute(string prefix) : Attribute
{
    public string Prefix { get; } = prefix.TrimEnd('_') + "_";
}

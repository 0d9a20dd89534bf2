namespace OpenH264Build.Engine;

/// <summary>A mistake in how the build was called or declared: reported as one line, exit code 2.</summary>
public sealed class BuildConfigurationException(string message) : Exception(message);

namespace OpenH264Build.Engine;

/// <summary>
/// An expected failure with a message written for the person at the console: the engine prints it as one
/// line, without a stack trace. File and line, when known, become a CI annotation.
/// </summary>
public class BuildFailure(string message, string? file = null, int? line = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string? File { get; } = file;
    public int? Line { get; } = line;
}

namespace OpenH264Build.Terminal;

/// <summary>
/// What stages call around long work, e.g. <c>await Progress.Step("Compile", "aarch64", () => compiler.Run(...))</c>:
/// the person at the desk sees it running with its elapsed time; a CI log gets plain lines.
/// </summary>
public static class Progress
{
    public static Task<T> Step<T>(string target, string? arch,
        Func<Task<T>> work) => ProgressReporter.Current.Step(target, arch, work);
    public static Task Step(string target, string? arch, Func<Task> work) => ProgressReporter.Current.Step(target,
        arch, work);
    public static Task Step(string target, string? arch, Action work) => ProgressReporter.Current.Step(target, arch,
        work);
}

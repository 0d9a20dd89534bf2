namespace OpenH264Build.Engine;

/// <summary>
/// Where the build runs. On GitHub Actions the engine speaks its workflow commands (log groups, annotations,
/// masks, the step summary); at a desk these are plain no-ops.
/// </summary>
public class CiHost
{
    public static CiHost Current { get; set; } = Detect(Environment.GetEnvironmentVariable);

    public static CiHost Detect(Func<string, string?> environment) =>
        environment("GITHUB_ACTIONS") == "true" ? new GitHubActionsHost(environment("GITHUB_STEP_SUMMARY"))
            : new CiHost();

    public virtual bool IsServerBuild => false;
    public virtual void BeginGroup(string name) { }
    public virtual void EndGroup() { }
    public virtual void Mask(string secret) { }

    /// <summary>The one writer of annotations: every error and warning a run shows on its CI page comes through
    /// here.</summary>
    public virtual void Annotate(AnnotationLevel level, string message, string? file = null, int? line = null) { }
    public void Error(string message, string? file = null, int? line = null) => Annotate(AnnotationLevel.Error,
        message, file, line);
    public void Warning(string message, string? file = null, int? line = null) => Annotate(AnnotationLevel.Warning,
        message, file, line);

    /// <summary>The one writer of the step summary.</summary>
    public virtual void AppendSummary(string markdown) { }
}

public enum AnnotationLevel { Error, Warning }

/// <summary>GitHub Actions workflow commands, written to standard output as the runner expects.</summary>
public sealed class GitHubActionsHost(string? stepSummaryPath) : CiHost
{
    public override bool IsServerBuild => true;
    public override void BeginGroup(string name) => Console.Out.WriteLine($"::group::{name}");
    public override void EndGroup() => Console.Out.WriteLine("::endgroup::");

    public override void Mask(string secret)
    {
        foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Console.Out.WriteLine($"::add-mask::{line}");
    }

    public override void AppendSummary(string markdown)
    {
        if (stepSummaryPath is not null) File.AppendAllText(stepSummaryPath, SecretMasker.Mask(markdown) + "\n");
    }

    public override void Annotate(AnnotationLevel level, string message, string? file = null, int? line = null)
    {
        var kind = level == AnnotationLevel.Error ? "error" : "warning";
        var where = file is null ? "" : $" file={file}" + (line is null ? "" : $",line={line}");
        var text = SecretMasker.Mask(message).Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
        Console.Out.WriteLine($"::{kind}{where}::{text}");
    }
}

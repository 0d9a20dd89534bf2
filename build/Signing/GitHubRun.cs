namespace OpenH264Build.Signing;

/// <summary>The GitHub Actions run a build happens in, from the variables the runner sets; provenance records
/// it.</summary>
public sealed record GitHubRun(string ServerUrl, string Repository, string RunId, string RunAttempt,
    string? WorkflowRef, string? Sha, string? EventName)
{
    /// <summary>The run's page, which SLSA uses as the invocation id.</summary>
    public string RunUrl => $"{ServerUrl}/{Repository}/actions/runs/{RunId}/attempts/{RunAttempt}";

    /// <summary>The workflow that built, which SLSA uses as the builder id.</summary>
    public string BuilderId => WorkflowRef is null ? $"{ServerUrl}/{Repository}" : $"{ServerUrl}/{WorkflowRef}";

    /// <summary>The run, or null outside GitHub Actions.</summary>
    public static GitHubRun? FromEnvironment(Func<string, string?> environment)
    {
        if (environment("GITHUB_ACTIONS") != "true") return null;
        var repository = environment("GITHUB_REPOSITORY");
        var runId = environment("GITHUB_RUN_ID");
        if (string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(runId)) return null;
        return new GitHubRun(environment("GITHUB_SERVER_URL") ?? "https://github.com", repository, runId,
            environment("GITHUB_RUN_ATTEMPT") ?? "1", environment("GITHUB_WORKFLOW_REF"), environment("GITHUB_SHA"),
                environment("GITHUB_EVENT_NAME"));
    }
}

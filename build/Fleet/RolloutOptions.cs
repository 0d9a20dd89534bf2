namespace OpenH264Build.Fleet;

/// <summary>What the Rollout target was asked to do.</summary>
public sealed record RolloutOptions(
    string Ledger,
    string ReportFile,
    string FailureBudget,
    string RepositoryFolder,
    string? RepositoryUrl,
    bool DryRun,
    bool Rollback,
    long MinimumFreeKiB = 20 * 1024,
    int LockTimeoutSeconds = 20);

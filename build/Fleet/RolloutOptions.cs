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
    int LockTimeoutSeconds = 20)
{
    /// <summary>Unreachable hosts one run may meet before it halts: a count or a share of the fleet.</summary>
    public string OfflineBudget { get; init; } = "2%";

    /// <summary>The seed of the waves' shuffle (default: the ledger's, or one taken from the version).</summary>
    public int? WaveSeed { get; init; }

    /// <summary>Where the plan is written: <c>rollout-plan.json</c> beside the report.</summary>
    public string PlanFile => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ReportFile))!, "rollout-plan.json");
}

namespace OpenH264Build.Fleet;

/// <summary>What Rollout rolls out, to which inventory, within which budgets (the Rollout parameters).</summary>
public sealed record RolloutSettings
{
    public required string Inventory { get; init; }

    /// <summary>A folder, "dist" for artifacts/dist, or a release tag of <see cref="Repository"/>.</summary>
    public required string Release { get; init; }
    public required string FailureBudget { get; init; }
    public required string OfflineBudget { get; init; }
    public string? KnownHosts { get; init; }
    public int? WaveSeed { get; init; }
    public required int Forks { get; init; }
    public string? Ledger { get; init; }
    public string? AptFolder { get; init; }
    public string? AptUrl { get; init; }
    public bool Rollback { get; init; }
    public bool DryRun { get; init; }
    public required string PublicKey { get; init; }
    public bool AllowDevelopment { get; init; }
    public string? GithubApiUrl { get; init; }

    /// <summary>The token parameter as given (a secret: resolved only when a release is downloaded).</summary>
    public string? GithubToken { get; init; }
    public string? Repository { get; init; }
    public required string DeployDirectory { get; init; }
    public required string AptRepositoryDirectory { get; init; }
}

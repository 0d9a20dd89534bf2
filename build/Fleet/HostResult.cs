using System.Text.Json.Serialization;

namespace OpenH264Build.Fleet;

/// <summary>What happened on one host, as the play reports it (or the controller, for a host it never
/// reached).</summary>
public sealed record HostResult
{
    /// <summary>The states a host ends in.</summary>
    public const string Done = "done", Failed = "failed", RolledBack = "rolled-back", Unreachable = "unreachable",
        Reverted = "reverted";

    [JsonPropertyName("host")] public required string Host { get; init; }
    [JsonPropertyName("arch")] public string? Arch { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("versionBefore")] public string? VersionBefore { get; init; }
    [JsonPropertyName("versionAfter")] public string? VersionAfter { get; init; }
    [JsonPropertyName("smoke")] public string? Smoke { get; init; }
    [JsonPropertyName("durationSeconds")] public double? DurationSeconds { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("oldLibraryProcesses")] public IReadOnlyList<string>? OldLibraryProcesses { get; init; }
    [JsonPropertyName("wave")] public string? Wave { get; init; }
    [JsonPropertyName("finishedAt")] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The sha256 of the exact package that was installed before, kept on the host for rollback.</summary>
    [JsonPropertyName("keptSha256")] public string? KeptSha256 { get; init; }

    /// <summary>
    /// Counts against the failure budget: a host that was reached and did not end on the new, verified library.
    /// An unreachable host is not a failure: it counts toward the offline budget and is tried again next run.
    /// </summary>
    [JsonIgnore] public bool CountsAsFailure => State is Failed or RolledBack;

    [JsonIgnore] public bool IsUnreachable => State == Unreachable;
}

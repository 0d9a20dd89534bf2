namespace OpenH264Build.Engine;

public enum TargetStatus { NotRun, Succeeded, Skipped, Failed }

/// <summary>How one planned target ended, for the summary table and reports.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Reason = null);

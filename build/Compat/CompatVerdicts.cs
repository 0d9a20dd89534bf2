using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Compat;

/// <summary>Compat's result: the arches that passed in this run (checked or reused); a failure stops the build
/// instead.</summary>
public sealed record CompatVerdicts(IReadOnlyList<TargetArch> Passed,
    IReadOnlyList<TargetArch> Reused) : IStageResult { public static string Producer => "Compat"; }

/// <summary>The Compat parameters: libraries or harnesses given from outside, the quick loop, the bisection.</summary>
public sealed record CompatOptions(string? Candidates, string? Harnesses, bool Quick, bool Bisect);

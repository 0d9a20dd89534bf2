using OpenH264Build.Host;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Abi;

/// <summary>Abi's result: the report of each arch that was checked in this run, and the arches whose pass was
/// reused.</summary>
public sealed record AbiVerdicts(IReadOnlyList<AbiReport> Checked,
    IReadOnlyList<TargetArch> Reused) : IStageResult { public static string Producer => "Abi"; }

/// <summary>The Abi parameters: the fleet's symbol-version floor, the reviewed changes to accept, and whether to
/// bisect.</summary>
public sealed record AbiOptions(IReadOnlyList<string> Floor, string SuppressionFile, bool Bisect);

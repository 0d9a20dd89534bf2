using OpenH264Build.Host;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Baselines;

/// <summary>Baseline's result: the library each arch's candidate is compared with, by Abi and by Compat
/// alike.</summary>
public sealed record ChosenBaselines(IReadOnlyDictionary<TargetArch, BaselineLibrary> ByArch) : IStageResult
{
    public static string Producer => "Baseline";

    public BaselineLibrary For(TargetArch arch, string askedBy) =>
        ByArch.TryGetValue(arch, out var baseline) ? baseline
            : throw new Engine.BuildFailure($"{askedBy}: Baseline chose nothing for {arch.Name()}");
}

using OpenH264Build.Host;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Compilation;

/// <summary>Compile's result: the patched library of each arch.</summary>
public sealed record CompiledLibraries(IReadOnlyDictionary<TargetArch, CompiledLibrary> ByArch) : IStageResult
{
    public static string Producer => "Compile";

    public CompiledLibrary For(TargetArch arch, string askedBy) =>
        ByArch.TryGetValue(arch, out var library) ? library
            : throw new Engine.BuildFailure($"{askedBy}: Compile built nothing for {arch.Name()}");
}

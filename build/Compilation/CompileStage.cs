using OpenH264Build.Containers;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Compilation;

/// <summary>Compile's result: the patched library of each arch.</summary>
public sealed record CompiledLibraries(IReadOnlyDictionary<TargetArch, CompiledLibrary> ByArch) : IStageResult
{
    public static string Producer => "Compile";

    public CompiledLibrary For(TargetArch arch, string askedBy) =>
        ByArch.TryGetValue(arch, out var library) ? library : throw new Engine.BuildFailure($"{askedBy}: Compile built nothing for {arch.Name()}");
}

/// <summary>
/// Compiles the patched tree for each arch in a network-less container, one arch after the other; cold (an empty
/// ccache) when asked, which only the benchmark does.
/// </summary>
public sealed class CompileStage(bool cold = false) : IStage<CompiledLibraries>
{
    public override string ToString() => "compile the patched library";

    public async Task<CompiledLibraries> RunAsync(RunContext context)
    {
        var tree = context.Results.Get<PatchedSource>("Compile");
        var compiler = await TreeCompiler.ForAsync(context, "Compile");
        var libraries = new Dictionary<TargetArch, CompiledLibrary>();
        // One architecture after the other: each compile already uses every core.
        foreach (var arch in context.Arches.Distinct())
        {
            if (cold) await compiler.EmptyCcacheAsync(arch);
            libraries[arch] = await Reporting.Progress.Step("Compile", arch.Name(), () => compiler.CompileAsync(arch, tree.Directory, tree.Key));
            await compiler.SaveCcacheAsync(arch);
        }
        return new CompiledLibraries(libraries);
    }
}

using OpenH264Build.Compilation;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Terminal;

namespace OpenH264Build.Stages;

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
        var compiler = await RunCompilers.ForAsync(context, "Compile");
        var libraries = new Dictionary<TargetArch, CompiledLibrary>();
        // One architecture after the other: each compile already uses every core.
        foreach (var arch in context.Arches.Distinct())
        {
            if (cold) await compiler.EmptyCcacheAsync(arch);
            libraries[arch] = await Terminal.Progress.Step("Compile",
                arch.Name(), () => compiler.CompileAsync(arch, tree.Directory, tree.Key));
            await compiler.SaveCcacheAsync(arch);
        }
        return new CompiledLibraries(libraries);
    }
}

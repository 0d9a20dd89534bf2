using OpenH264Build.Baselines;
using OpenH264Build.Compilation;
using OpenH264Build.Engine;
using OpenH264Build.Git;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Stages;
using OpenH264Build.Tests.Abi;

namespace OpenH264Build.Tests.Context;

/// <summary>
/// The run context is the one way stages hand on what they made: a stage finds its inputs there or fails naming the
/// target that gives them, a result is given once, and the Baseline stage's choice is what the later stages read.
/// </summary>
public sealed class RunContextTests
{
    static RunContext NewContext(string root, params TargetArch[] arches) => new(new RunSettings
    {
        Paths = new RunPaths(root),
        Arches = arches.Length == 0 ? [TargetArch.X86_64] : arches,
        Suite = "bookworm",
        Jobs = 1,
        SandboxTimeLimit = TimeSpan.FromSeconds(30),
        WhyDistIncomplete = _ => null,
    }, new GitInfo(null, null, [], false), CancellationToken.None);

    [Fact]
    public void A_result_asked_for_before_its_stage_ran_names_the_target_that_gives_it()
    {
        var results = new StageResults();
        Assert.Null(results.Find<CompiledLibraries>());
        var failure = Assert.Throws<BuildFailure>(() => results.Get<CompiledLibraries>("Abi"));
        Assert.Equal("Abi needs the result of Compile, which has not run in this build (it was skipped or not planned)", failure.Message);
    }

    [Fact]
    public void A_stage_gives_its_result_once_and_later_stages_read_that_same_result()
    {
        var results = new StageResults();
        var patched = new PatchedSource([], "/tree", "key");
        Assert.Same(patched, results.Add(patched));
        Assert.Same(patched, results.Get<PatchedSource>("Compile"));
        var twice = Assert.Throws<InvalidOperationException>(() => results.Add(new PatchedSource([], "/other", "other")));
        Assert.Contains("Patch gave its result twice", twice.Message);
    }

    [Fact]
    public async Task Compile_takes_the_patched_tree_from_the_context_and_fails_naming_Patch_when_it_is_not_there()
    {
        using var temp = new TempFolder();
        await using var context = NewContext(temp.Path);
        var failure = await Assert.ThrowsAsync<BuildFailure>(() => new CompileStage().RunAsync(context));
        Assert.Contains("Compile needs the result of Patch", failure.Message);
    }

    [Fact]
    public async Task The_baseline_is_chosen_once_per_arch_and_read_by_Abi_and_Compat_from_the_context()
    {
        using var temp = new TempFolder();
        var library = await FixtureLibrary.BuildAsync(temp.Sub("baseline"));
        await using var context = NewContext(temp.Sub("root"), TargetArch.X86_64, TargetArch.Aarch64);
        var options = new BaselineOptions(BaselineSource.Path, null, null, library.SharedLibrary, library.HeadersDirectory);

        var chosen = context.Results.Add(await new BaselineStage(options).RunAsync(context));

        Assert.Equal([TargetArch.X86_64, TargetArch.Aarch64], chosen.ByArch.Keys.Order());
        Assert.All(chosen.ByArch.Values, b => Assert.Equal(Util.Sha256.OfFile(library.SharedLibrary), b.Sha256));
        Assert.Same(chosen, context.Results.Get<ChosenBaselines>("Compat"));
        var missing = Assert.Throws<BuildFailure>(() => new ChosenBaselines(new Dictionary<TargetArch, BaselineLibrary>()).For(TargetArch.Aarch64, "Abi"));
        Assert.Equal("Abi: Baseline chose nothing for aarch64", missing.Message);
    }
}

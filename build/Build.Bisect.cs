using OpenH264Build.Abi;
using OpenH264Build.Bisection;
using OpenH264Build.Compat;
using OpenH264Build.Compilation;
using OpenH264Build.Engine;
using OpenH264Build.Patching;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// When Compat or Abi fails on a patch series, name the first patch (and hunk) with which the failure appears, at the
/// top of the report and in the failure line. Each probe compiles a prefix of the series for the failing arch only
/// (stage cache and ccache make that cheap) and checks only what failed (see build/Bisection).
/// </summary>
partial class Build
{
    [Parameter("Compat and Abi: do not look for the first patch of the series with which a failure appears")]
    readonly bool NoBisect;

    readonly Dictionary<string, string> AbiGuiltyPatches = [];

    /// <summary>Only for a series this run compiled: a library given from outside has no series to bisect.</summary>
    bool CanBisect => !NoBisect && Series.Count > 0 && SourceTarball is not null && ToolchainImage is not null;

    static string BisectWorkDirectory(string check, TargetArch arch) => Path.Combine(ArtifactsDirectory, ".work", "bisect", check, arch.Name());

    /// <summary>A prefix of the series, patched and compiled for one arch, as Compile does for the whole series.</summary>
    async Task<CompiledLibrary> CompileSeriesAsync(TargetArch arch, IReadOnlyList<SeriesPatch> series, CancellationToken cancellationToken)
    {
        var tree = await new PatchedTree(Cache).PrepareAsync(Pin, SourceTarball!, series, cancellationToken);
        var compiler = new LibraryCompiler(await DockerAsync(), Cache, ToolchainImage!, ToolchainImageId!, CompileScript);
        return await compiler.CompileAsync(arch, tree.Directory, tree.Key, Directory.Exists(HarnessDirectory) ? HarnessDirectory : null, Jobs, cancellationToken);
    }

    /// <summary>Compat's failure path: bisects on the failing stream; returns "; drift appears with ..." for the failure line, or "".</summary>
    async Task<string> NameGuiltyPatchOfCompatAsync(CompatReport report, CompatRun run, CorpusManifest manifest, CorpusGenerator generator)
    {
        if (!CanBisect || CompatCandidates is not null) return "";
        // The cheapest failure to reproduce: a decode that differs earliest.
        var failure = report.Streams.Where(s => s.Verdict == "fail")
            .OrderBy(s => s.Kind == "decode" ? 0 : 1).ThenBy(s => s.Difference?.FirstFrame ?? int.MaxValue).First();
        var work = BisectWorkDirectory("compat", run.Arch);
        var what = failure.CandidateCrashed ? "the crash" : failure.Kind == "encode" ? "the encoder difference" : "drift";
        return await NameGuiltyPatchAsync(async () =>
        {
            Log.Information("bisect: looking for the patch with which {Stream} ({Kind}) fails on {Arch}", failure.Stream, failure.Kind, run.Arch.Name());
            var harness = new HarnessRunner(run.Harness, run.Arch, run.Sandbox, work, run.Companions);
            var stream = await generator.MaterializeAsync(manifest.Streams.Single(s => s.Name == failure.Stream), harness, run.BaselineLibrary, CancellationToken)
                ?? throw new BuildFailure($"the corpus stream {failure.Stream} is not available");
            return new CompatStreamProbe(harness, run.BaselineLibrary, stream, failure, run.Accepted, work,
                async (prefix, ct) => (await CompileSeriesAsync(run.Arch, prefix, ct)).LibraryPath).ProbeAsync;
        }, work, CompatBaselines is null && CompatBaseline == CompatBaselineSource.Upstream, what, Path.Combine(ReportsDirectory, $"compat-{run.Arch.Name()}"));
    }

    /// <summary>Abi's failure path: bisects with the same check and baseline; the failure line gets the patch through <see cref="ThrowIfAbiFailed"/>.</summary>
    async Task NameGuiltyPatchOfAbiAsync(AbiCheckRequest request, AbiReport report)
    {
        if (!CanBisect) return;
        var work = BisectWorkDirectory("abi", request.Arch);
        var probe = new AbiFailureProbe(request, report.Errors.First(), work,
            async (prefix, ct) => AsAbiInput(await CompileSeriesAsync(request.Arch, prefix, ct)));
        // Even against unpatched upstream the empty series is probed: a policy (e.g. --abi-floor) can fail upstream itself.
        var phrase = await NameGuiltyPatchAsync(() => Task.FromResult<SeriesProbe>(probe.ProbeAsync), work, emptySeriesPasses: false,
            "the ABI failure", Path.Combine(ReportsDirectory, $"abi-{request.Arch.Name()}"));
        if (phrase.Length > 0) AbiGuiltyPatches[report.Arch] = phrase;
    }

    void ThrowIfAbiFailed(AbiReport report)
    {
        try { AbiCheck.ThrowIfFailed(report, ReportsDirectory); }
        catch (AbiCheckFailure e) when (AbiGuiltyPatches.TryGetValue(report.Arch, out var phrase)) { throw new AbiCheckFailure(e.Message + phrase); }
    }

    /// <summary>Bisects, then amends the reports (<paramref name="reportStem"/>.json/.md); never replaces the check's own failure.</summary>
    async Task<string> NameGuiltyPatchAsync(Func<Task<SeriesProbe>> makeProbe, string work, bool emptySeriesPasses, string what, string reportStem)
    {
        try
        {
            var finder = new GuiltyPatchFinder(await makeProbe(), work, emptySeriesPasses);
            if (await finder.FindAsync(Series, CancellationToken) is not { } guilty) return "";
            var phrase = $"{what} appears with {guilty}";
            GuiltyPatchReport.Amend(reportStem + ".json", reportStem + ".md", guilty, phrase);
            return "; " + phrase;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Warning("bisect: could not name the guilty patch: {Message}", e.Message);
            return "";
        }
    }
}

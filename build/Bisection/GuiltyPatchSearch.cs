using OpenH264Build.Abi;
using OpenH264Build.Compat;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Source;
using Serilog;

namespace OpenH264Build.Bisection;

/// <summary>
/// When Compat or Abi fails on a patch series, names the first patch (and hunk) with which the failure appears, at
/// the top of the report and in the failure line. Each probe compiles a prefix of the series for the failing arch
/// only, with the run's own toolchain (stage cache and ccache make that cheap), and checks only what failed.
/// </summary>
public sealed class GuiltyPatchSearch(RunContext context)
{
    IReadOnlyList<SeriesPatch> Series => context.Results.Find<PatchedSource>()?.Series ?? [];

    /// <summary>Only for a series this run compiled: a library given from outside has no series to bisect.</summary>
    bool CanBisect => Series.Count > 0 && context.Results.Find<FetchedSource>() is not null && context.Results.Find<BuiltToolchain>() is not null;

    /// <summary>Abi's failure path: bisects with the same check and baseline; returns "; the ABI failure appears with ...", or "".</summary>
    public async Task<string> ForAbiAsync(AbiCheckRequest request, AbiReport report)
    {
        if (!CanBisect) return "";
        var work = context.Paths.Work(Path.Combine("bisect", "abi"), request.Arch);
        var probe = new AbiFailureProbe(request, report.Errors.First(), work,
            async (prefix, ct) => (await CompilePrefixAsync(request.Arch, prefix, ct)).Output);
        // Even against unpatched upstream the empty series is probed: a policy (e.g. --abi-floor) can fail upstream itself.
        return await NameAsync(() => Task.FromResult<SeriesProbe>(probe.ProbeAsync), work, emptySeriesPasses: false,
            "the ABI failure", Path.Combine(context.Paths.Reports, $"abi-{request.Arch.Name()}"));
    }

    /// <summary>Compat's failure path: bisects on the stream that fails earliest; returns "; drift appears with ...", or "".</summary>
    public async Task<string> ForCompatAsync(CompatReport report, CompatRun run, CorpusManifest manifest, CorpusGenerator generator, bool baselineIsUpstream)
    {
        if (!CanBisect) return "";
        // The cheapest failure to reproduce: a decode that differs earliest.
        var failure = report.Streams.Where(s => s.Verdict == "fail")
            .OrderBy(s => s.Kind == "decode" ? 0 : 1).ThenBy(s => s.Difference?.FirstFrame ?? int.MaxValue).First();
        var work = context.Paths.Work(Path.Combine("bisect", "compat"), run.Arch);
        var what = failure.CandidateCrashed ? "the crash" : failure.Kind == "encode" ? "the encoder difference" : "drift";
        return await NameAsync(async () =>
        {
            Log.Information("bisect: looking for the patch with which {Stream} ({Kind}) fails on {Arch}", failure.Stream, failure.Kind, run.Arch.Name());
            var harness = new HarnessRunner(run.Harness, run.Arch, run.Sandbox, work, run.Companions);
            var stream = await generator.MaterializeAsync(manifest.Streams.Single(s => s.Name == failure.Stream), harness, run.BaselineLibrary, context.Cancellation)
                ?? throw new BuildFailure($"the corpus stream {failure.Stream} is not available");
            return new CompatStreamProbe(harness, run.BaselineLibrary, stream, failure, run.Accepted, work,
                async (prefix, ct) => (await CompilePrefixAsync(run.Arch, prefix, ct)).LibraryPath).ProbeAsync;
        }, work, baselineIsUpstream, what, Path.Combine(context.Paths.Reports, $"compat-{run.Arch.Name()}"));
    }

    async Task<CompiledLibrary> CompilePrefixAsync(TargetArch arch, IReadOnlyList<SeriesPatch> prefix, CancellationToken cancellationToken) =>
        await (await TreeCompiler.ForAsync(context, "bisect")).CompileSeriesAsync(arch, prefix, cancellationToken);

    /// <summary>Bisects, then amends the reports (<paramref name="reportStem"/>.json/.md); never replaces the check's own failure.</summary>
    async Task<string> NameAsync(Func<Task<SeriesProbe>> makeProbe, string work, bool emptySeriesPasses, string what, string reportStem)
    {
        try
        {
            var finder = new GuiltyPatchFinder(await makeProbe(), work, emptySeriesPasses);
            if (await finder.FindAsync(Series, context.Cancellation) is not { } guilty) return "";
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

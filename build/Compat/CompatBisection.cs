using OpenH264Build.Bisection;
using OpenH264Build.Compilation;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Pipeline;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>
/// Compat's bisection: on the stream that fails earliest, probes prefixes of the series with Compat's own probe
/// (<see cref="CompatStreamProbe"/>) and names the patch with which the failure appears.
/// </summary>
public sealed class CompatBisection(RunContext context)
{
    /// <summary>Compat's failure path: bisects on the stream that fails earliest; returns "; drift appears with ...",
    /// or "".</summary>
    public async Task<string> NameAsync(CompatReport report, CompatRun run, CorpusManifest manifest,
        CorpusGenerator generator, bool baselineIsUpstream)
    {
        var prefixes = new PrefixCompiler(context);
        if (!prefixes.CanBisect) return "";
        // The cheapest failure to reproduce: a decode that differs earliest.
        var failure = report.Streams.Where(s => s.Verdict == "fail")
            .OrderBy(s => s.Kind == "decode" ? 0 : 1).ThenBy(s => s.Difference?.FirstFrame ?? int.MaxValue).First();
        var work = context.Paths.Work(Path.Combine("bisect", "compat"), run.Arch);
        var what = failure.CandidateCrashed ? "the crash" : failure.Kind == "encode" ? "the encoder difference"
            : "drift";
        return await new GuiltyPatchSearch(prefixes.Series, context.Cancellation).NameAsync(async () =>
        {
            Log.Information("bisect: looking for the patch with which {Stream} ({Kind}) fails on {Arch}",
                failure.Stream, failure.Kind, run.Arch.Name());
            var harness = new HarnessRunner(run.Harness, run.Arch, run.Sandbox, work, run.Companions);
            var stream = await generator.MaterializeAsync(manifest.Streams.Single(s => s.Name == failure.Stream),
                harness, run.BaselineLibrary, context.Cancellation)
                ?? throw new BuildFailure($"the corpus stream {failure.Stream} is not available");
            return new CompatStreamProbe(harness, run.BaselineLibrary, stream, failure, run.Accepted, work,
                async (prefix, ct) => (await prefixes.CompileAsync(run.Arch, prefix, ct)).LibraryPath).ProbeAsync;
        }, work, baselineIsUpstream, what, Path.Combine(context.Paths.Reports, $"compat-{run.Arch.Name()}"));
    }
}

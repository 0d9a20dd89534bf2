using OpenH264Build.Bisection;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>
/// Compat's bisection: on the stream that fails earliest, probes prefixes of the series with Compat's own probe
/// (<see cref="CompatStreamProbe"/>) and names the patch with which the failure appears. Its stage hands it the series,
/// how a prefix of it becomes a library for the arch, and where to work and report.
/// </summary>
public sealed class CompatBisection(IReadOnlyList<SeriesPatch> series,
    Func<IReadOnlyList<SeriesPatch>, CancellationToken, Task<string>> compilePrefix, string work, string reports,
    CancellationToken cancellation)
{
    /// <summary>Compat's failure path: bisects on the stream that fails earliest; returns "; drift appears with ...",
    /// or "".</summary>
    public async Task<string> NameAsync(CompatReport report, CompatRun run, CorpusManifest manifest,
        CorpusGenerator generator, bool baselineIsUpstream)
    {
        // The cheapest failure to reproduce: a decode that differs earliest.
        var failure = report.Streams.Where(s => s.Verdict == "fail")
            .OrderBy(s => s.Kind == "decode" ? 0 : 1).ThenBy(s => s.Difference?.FirstFrame ?? int.MaxValue).First();
        var what = failure.CandidateCrashed ? "the crash" : failure.Kind == "encode" ? "the encoder difference"
            : "drift";
        return await new GuiltyPatchSearch(series, cancellation).NameAsync(async () =>
        {
            Log.Information("bisect: looking for the patch with which {Stream} ({Kind}) fails on {Arch}",
                failure.Stream, failure.Kind, run.Arch.Name());
            var harness = new HarnessRunner(run.Harness, run.Arch, run.Sandbox, work, run.Companions);
            var stream = await generator.MaterializeAsync(manifest.Streams.Single(s => s.Name == failure.Stream),
                harness, run.BaselineLibrary, cancellation)
                ?? throw new BuildFailure($"the corpus stream {failure.Stream} is not available");
            return new CompatStreamProbe(harness, run.BaselineLibrary, stream, failure, run.Accepted, work,
                compilePrefix).ProbeAsync;
        }, work, baselineIsUpstream, what, Path.Combine(reports, $"compat-{run.Arch.Name()}"));
    }
}

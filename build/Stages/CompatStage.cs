using OpenH264Build.Baselines;
using OpenH264Build.Compat;
using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Terminal;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Decodes the corpus with the baseline and the candidate library on each arch and fails on any picture that differs.
/// ABI checks cannot see a patch that shifts one macroblock column from frame 180 on; this can. Every program that
/// loads a built library runs in the sandbox; the soak streams (70,000 pictures) catch a drift that starts only after
/// 2^16 pictures. Streams are made (or found in the cache) one arch after the other; then every arch and library runs
/// side by side.
/// </summary>
public sealed class CompatStage(CompatOptions options) : IStage
{
    public override string ToString() => "compare decoded pictures with the baseline's";

    public async Task RunAsync(RunContext context)
    {
        if (options.Quick) Log.Warning(
            "Compat: --compat-quick leaves the soak streams out: the reports say so, and a release refuses such a " +
            "dist");
        var corpus = new CompatCorpus(SiteOf(context));
        var runs = new CompatRuns(context, options);
        var checks = new List<Task<string?>>();
        var meters = context.Arches.Select(a => Terminal.FrameMeter.Start("Compat", a.Name())).ToList();
        string?[] outcomes;
        try
        {
            foreach (var (arch, meter) in context.Arches.Zip(meters))
            {
                var run = await runs.ForAsync(arch, corpus.Accepted);
                var checker = new CompatibilityChecker(run);
                var items = await checker.PrepareAsync(corpus.Manifest.Streams, corpus.Generator, context.Cancellation);
                meter.Expect(ExpectedFrames(items));
                checks.Add(ArchCheck(context, corpus, run, runs.MayBisect).RunAsync(checker, items));
            }
            outcomes = await Task.WhenAll(checks);
        }
        finally
        {
            foreach (var meter in meters) await meter.DisposeAsync();
        }
        // The failure names what differs (stream, frame, plane, macroblock), not only where to read about it.
        var failed = outcomes.OfType<string>().ToList();
        if (failed.Count > 0)
            throw new BuildFailure(
                $"The candidate's output differs from the baseline's on {string.Join(" | ", failed)}");
    }

    /// <summary>Where Compat reads and writes in this run (RawDecode's corpus too).</summary>
    public static CompatSite SiteOf(RunContext context) => new(context.Paths.Root, context.Paths.Native,
        context.Paths.Cache, context.Paths.Harness, context.Results.Find<PatchedSource>()?.Directory, context.Cache,
        context.Cancellation);

    /// <summary>One arch's check, with the run's bisection when the series is this run's own.</summary>
    static CompatArchCheck ArchCheck(RunContext context, CompatCorpus corpus, CompatRun run, bool mayBisect)
    {
        var baselineIsUpstream = context.Results.Get<ChosenBaselines>("Compat").For(run.Arch,
            "Compat").Source == BaselineSource.Upstream;
        var prefixes = new PrefixCompiler(context);
        var bisection = mayBisect && prefixes.CanBisect
            ? new CompatBisection(prefixes.Series,
                async (prefix, ct) => (await prefixes.CompileAsync(run.Arch, prefix, ct)).LibraryPath,
                context.Paths.Work(Path.Combine("bisect", "compat"), run.Arch), context.Paths.Reports,
                context.Cancellation)
            : null;
        return new CompatArchCheck(SiteOf(context), corpus, run, baselineIsUpstream, bisection);
    }

    /// <summary>The pictures the run decodes: each stream's frames, once with the baseline and once with the
    /// candidate.</summary>
    static long ExpectedFrames(IEnumerable<CorpusItem> items) =>
        2L * items.Sum(i => (long)(i.Stream.X264?.Source.Frames ?? i.Stream.OpenH264?.Source.Frames ?? 0));
}

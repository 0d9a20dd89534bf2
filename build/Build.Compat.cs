using OpenH264Build.Compat;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// Compat: decode the corpus with the previous and the new library on each arch and fail on any picture that differs.
/// ABI checks cannot see a patch that shifts one macroblock column from frame 180 on; this can. Every program that
/// loads a built library runs in the sandbox (native/sandbox); the soak streams (70,000 pictures) catch a drift that
/// starts only after 2^16 pictures.
/// </summary>
partial class Build
{
    [Parameter("Compat: the candidate library per arch, as a folder holding <arch>/libopenh264.so.7 (default: the Compile output)")]
    readonly string? CompatCandidates;

    [Parameter("Compat: the baseline library per arch, as a folder holding <arch>/libopenh264.so.7 (overrides --compat-baseline)")]
    readonly string? CompatBaselines;

    [Parameter("Compat baseline: upstream (the unpatched source built by this pipeline, as Abi's default) or debian (Debian's libopenh264-7)")]
    readonly CompatBaselineSource CompatBaseline = CompatBaselineSource.Upstream;

    [Parameter("Compat: the harness per arch, as a folder holding <arch>/h264harness (default: compiled here with the host's compilers)")]
    readonly string? CompatHarnesses;

    static string CompatManifest => Path.Combine(NativeDirectory, "compat", "corpus.json");
    static string CompatAcceptedFile => Path.Combine(NativeDirectory, "compat", "accepted.json");
    static string CompatCacheDirectory => Path.Combine(CacheDirectory, "corpus");

    /// <summary>The library Compile built for the arch, unless --compat-candidates names another.</summary>
    string CandidateLibrary(TargetArch arch) =>
        CompatCandidates is not null ? Path.Combine(CompatCandidates, arch.Name(), "libopenh264.so.7")
        : Libraries.TryGetValue(arch, out var library) ? library.LibraryPath
        : throw new BuildFailure($"Compat: Compile built nothing for {arch.Name()}");

    [Parameter("Compat: leave the soak streams (70,000 pictures each) out, for a quick local loop; the reports say so and a release refuses it")]
    readonly bool CompatQuick;

    [Parameter("Compat: time limit of each sandboxed harness run, in seconds; a library that overruns it fails with 'timeout'")]
    readonly int CompatTimeout = (int)HarnessSandbox.DefaultTimeLimit.TotalSeconds;

    HarnessSandbox? harnessSandbox;

    /// <summary>The sandbox every program that loads a built library runs in: made from the base image once per machine.</summary>
    async Task<HarnessSandbox> HarnessSandboxAsync()
    {
        if (harnessSandbox is not null) return harnessSandbox;
        var engine = await DockerAsync();
        var archive = new Containers.ImageArchive(engine, ImageCache ?? (IsServerBuild ? Path.Combine(CacheDirectory, "images") : null));
        var baseImage = await new Containers.BaseImageBuilder(engine, Path.Combine(ArtifactsDirectory, "tmp"), archive).EnsureAsync(Suite, CancellationToken);
        var image = await Containers.SandboxImage.EnsureAsync(engine, baseImage, NativeDirectory, archive, CancellationToken);
        return harnessSandbox = new HarnessSandbox(engine, image, TimeSpan.FromSeconds(CompatTimeout));
    }

    async Task CheckCompatibility()
    {
        var manifest = CorpusManifest.Load(CompatManifest);
        var accepted = AcceptedDifferences.Load(CompatAcceptedFile);
        var sandbox = await HarnessSandboxAsync();
        if (CompatQuick) Log.Warning("Compat: --compat-quick leaves the soak streams out: the reports say so, and a release refuses such a dist");
        // {source}/res/... streams of the manifest come from the tree this run built (when its tarball has res/).
        var generator = new CorpusGenerator(CompatCacheDirectory, RootDirectory, PatchedSource?.Directory);
        // Streams are made (or found in the cache) one arch after the other; then every arch and library runs side by side.
        var checks = new List<Task<string?>>();
        foreach (var arch in Arch)
        {
            var run = await CompatRunForAsync(arch, accepted, sandbox);
            var checker = new CompatibilityChecker(run);
            var items = await checker.PrepareAsync(manifest.Streams, generator, CancellationToken);
            checks.Add(CheckArchAsync(run, checker, items, new OracleCache(generator.CacheDirectory), manifest, generator));
        }
        // The failure names what differs (stream, frame, plane, macroblock), not only where to read about it.
        var failed = (await Task.WhenAll(checks)).OfType<string>().ToList();
        if (failed.Count > 0)
            throw new BuildFailure($"The candidate's output differs from the baseline's on {string.Join(" | ", failed)}");
    }

    async Task<CompatRun> CompatRunForAsync(TargetArch arch, AcceptedDifferences accepted, HarnessSandbox sandbox)
    {
        var candidate = CandidateLibrary(arch);
        if (!File.Exists(candidate)) throw new BuildFailure($"No candidate library for {arch.Name()} at {candidate}: run Compile first");
        var baseline = CompatBaselines is not null ? Path.Combine(CompatBaselines, arch.Name(), "libopenh264.so.7")
            : CompatBaseline == CompatBaselineSource.Debian ? await DebianOpenH264.LibraryAsync(arch, Path.Combine(CacheDirectory, "baseline"), CancellationToken)
            : (await UnpatchedUpstreamLibraryAsync(arch)).LibraryPath;
        var harness = CompatHarnesses is not null ? Path.Combine(CompatHarnesses, arch.Name(), "h264harness")
            : Libraries.TryGetValue(arch, out var built) && File.Exists(built.HarnessPath) ? built.HarnessPath
            : await BuildHarnessOnHostAsync(arch);
        var work = Path.Combine(ArtifactsDirectory, ".work", "compat", arch.Name());
        return new CompatRun(arch, harness, baseline, candidate, work, ReportsDirectory, accepted, sandbox,
            DescribeCompatBaseline(baseline), DescribeCompatCandidate(candidate), SoakIncluded: !CompatQuick);
    }

    /// <returns>null when the arch passes; else the failure line.</returns>
    async Task<string?> CheckArchAsync(CompatRun run, CompatibilityChecker checker, IReadOnlyList<CorpusItem> items, OracleCache oracle,
        CorpusManifest manifest, CorpusGenerator generator)
    {
        var arch = run.Arch.Name();
        var key = await CompatVerdictKeyAsync(run);
        var outputs = new Dictionary<string, string>
        {
            ["compat.md"] = Path.Combine(ReportsDirectory, $"compat-{arch}.md"),
            ["compat.json"] = Path.Combine(ReportsDirectory, $"compat-{arch}.json"),
            ["images"] = Path.Combine(ReportsDirectory, $"compat-{arch}"),
        };
        var verdicts = new Caching.VerdictCache(Cache);
        if (verdicts.TryRestore("compat-verdict", key, outputs))
        {
            Log.Information("Compat {Arch}: PASS (libraries, harness, tools and corpus unchanged since the last check: verdict reused)", arch);
            return null;
        }
        if (Directory.Exists(run.WorkDirectory)) Directory.Delete(run.WorkDirectory, true);
        if (Directory.Exists(outputs["images"])) Directory.Delete(outputs["images"], true);

        var report = await checker.CheckAsync(items, oracle, CancellationToken);
        var (_, markdown) = CompatReportWriter.Write(report, ReportsDirectory);
        CiHost.Current.AppendSummary(await File.ReadAllTextAsync(markdown));
        foreach (var stream in report.Streams.Where(s => s.Verdict == "fail"))
            Log.Error("Compat {Arch}: {Stream} ({Kind}): {Message}", arch, stream.Stream, stream.Kind, stream.Message);
        if (!report.Passed)
        {
            var guilty = await NameGuiltyPatchOfCompatAsync(report, run, manifest, generator);
            return $"{arch}: {string.Join("; ", report.Failures())}{guilty} (see artifacts/reports/compat-{arch}.md)";
        }
        await verdicts.SaveAsync("compat-verdict", key, outputs);
        return null;
    }

    /// <summary>
    /// The same libraries, harness, corpus, tools (FFmpeg; qemu and the runtimes, by the sandbox image) and soak choice
    /// that passed once pass again: that verdict and its reports are reused.
    /// </summary>
    async Task<string> CompatVerdictKeyAsync(CompatRun run) =>
        Util.Sha256.OfParts(("arch", run.Arch.Name()), ("candidate", Util.Sha256.OfFile(run.CandidateLibrary)),
            ("baseline", Util.Sha256.OfFile(run.BaselineLibrary)), ("harness", Util.Sha256.OfFile(run.Harness)),
            ("corpus", Util.Sha256.OfFile(CompatManifest)),
            ("accepted", File.Exists(CompatAcceptedFile) ? Util.Sha256.OfFile(CompatAcceptedFile) : ""), ("rules", "v3"),
            ("ffmpeg", await FfmpegReference.VersionAsync(CancellationToken)),
            ("sandbox", $"{run.Sandbox.Image.Id} {run.Sandbox.Image.Tools}"), ("soak", run.SoakIncluded ? "included" : "left out"),
            // The report names the series: the same library bytes from another series (a patch for the other arch) are checked and named anew.
            ("described", run.BaselineDescription + "\n" + run.CandidateDescription))[..24];

    /// <summary>What the report calls the baseline: where it comes from and its digest (the file names are the same).</summary>
    string DescribeCompatBaseline(string library) =>
        (CompatBaselines is not null ? Path.GetFullPath(library)
            : CompatBaseline == CompatBaselineSource.Debian ? "Debian's libopenh264-7"
            : $"unpatched upstream {Pin.Version}, built by this pipeline") + $" (sha256 {Util.Sha256.OfFile(library)[..12]})";

    /// <summary>What the report calls the candidate: the patch series it was built with, or the library it was given.</summary>
    string DescribeCompatCandidate(string library) =>
        (CompatCandidates is not null ? Path.GetFullPath(library)
            : $"upstream {Pin.Version} with {(Series.Count == 0 ? "no patches" : string.Join(", ", Series.Select(p => p.Name)))}") +
        $" (sha256 {Util.Sha256.OfFile(library)[..12]})";

    /// <summary>Compiling is not running: the host's compilers build the harness, the sandbox runs it.</summary>
    async Task<string> BuildHarnessOnHostAsync(TargetArch arch)
    {
        var include = await DebianOpenH264.IncludeDirectoryAsync(Path.Combine(CacheDirectory, "baseline"), CancellationToken);
        var output = Path.Combine(ArtifactsDirectory, ".work", "harness", arch.Name(), "h264harness");
        return await HarnessBuilder.BuildAsync(Path.Combine(NativeDirectory, "harness"), include, arch, output, CancellationToken);
    }
}

public enum CompatBaselineSource { Upstream, Debian }

using OpenH264Build.Compat;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// Compat: decode the corpus with the previous and the new library on each arch and fail on any picture that differs
/// (issue 6). ABI checks cannot see a patch that shifts one macroblock column from frame 180 on; this can.
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

    async Task CheckCompatibility()
    {
        var manifest = CorpusManifest.Load(CompatManifest);
        var accepted = AcceptedDifferences.Load(CompatAcceptedFile);
        // {source}/res/... streams of the manifest come from the tree this run built (when its tarball has res/).
        var generator = new CorpusGenerator(CompatCacheDirectory, RootDirectory, PatchedSource?.Directory);
        var failed = new List<string>();
        foreach (var arch in Arch)
        {
            var candidate = CandidateLibrary(arch);
            if (!File.Exists(candidate)) throw new BuildFailure($"No candidate library for {arch.Name()} at {candidate}: run Compile first");
            var baseline = CompatBaselines is not null
                ? Path.Combine(CompatBaselines, arch.Name(), "libopenh264.so.7")
                : CompatBaseline == CompatBaselineSource.Debian
                    ? DebianOpenH264.LibraryAsync(arch, Path.Combine(CacheDirectory, "baseline"), CancellationToken).GetAwaiter().GetResult()
                    : UnpatchedUpstreamLibraryAsync(arch).GetAwaiter().GetResult().LibraryPath;
            var (baselineDescription, candidateDescription) = (DescribeCompatBaseline(baseline), DescribeCompatCandidate(candidate));
            var harness = CompatHarnesses is not null ? Path.Combine(CompatHarnesses, arch.Name(), "h264harness")
                : Libraries.TryGetValue(arch, out var built) && File.Exists(built.HarnessPath) ? built.HarnessPath
                : BuildHarnessOnHost(arch);
            // The same libraries, harness and corpus that passed once pass again: reuse that verdict and its reports.
            var key = Util.Sha256.OfParts(("arch", arch.Name()), ("candidate", Util.Sha256.OfFile(candidate)), ("baseline", Util.Sha256.OfFile(baseline)),
                ("harness", Util.Sha256.OfFile(harness)), ("corpus", Util.Sha256.OfFile(CompatManifest)),
                ("accepted", File.Exists(CompatAcceptedFile) ? Util.Sha256.OfFile(CompatAcceptedFile) : ""), ("rules", "v2"),
                // The report names the series: the same library bytes from another series (a patch for the other arch) are checked and named anew.
                ("described", baselineDescription + "\n" + candidateDescription))[..24];
            var outputs = new Dictionary<string, string>
            {
                ["compat.md"] = Path.Combine(ReportsDirectory, $"compat-{arch.Name()}.md"),
                ["compat.json"] = Path.Combine(ReportsDirectory, $"compat-{arch.Name()}.json"),
                ["images"] = Path.Combine(ReportsDirectory, $"compat-{arch.Name()}"),
            };
            var verdicts = new Caching.VerdictCache(Cache);
            if (verdicts.TryRestore("compat-verdict", key, outputs))
            {
                Log.Information("Compat {Arch}: PASS (libraries, harness and corpus unchanged since the last check: verdict reused)", arch.Name());
                continue;
            }

            var work = Path.Combine(ArtifactsDirectory, ".work", "compat", arch.Name());
            if (Directory.Exists(work)) Directory.Delete(work, true);
            var reportImages = Path.Combine(ReportsDirectory, $"compat-{arch.Name()}");
            if (Directory.Exists(reportImages)) Directory.Delete(reportImages, true);

            var run = new CompatRun(arch, harness, baseline, candidate, work, ReportsDirectory, accepted, Environment.ProcessorCount,
                baselineDescription, candidateDescription);
            var report = new CompatibilityChecker(run).RunAsync(manifest.Streams, generator, CancellationToken).GetAwaiter().GetResult();
            var (_, markdown) = CompatReportWriter.Write(report, ReportsDirectory);
            var guilty = report.Passed ? "" : await NameGuiltyPatchOfCompatAsync(report, run, manifest, generator);
            CiHost.Current.AppendSummary(File.ReadAllText(markdown));
            foreach (var stream in report.Streams.Where(s => s.Verdict == "fail"))
                Log.Error("Compat {Arch}: {Stream} ({Kind}): {Message}", arch.Name(), stream.Stream, stream.Kind, stream.Message);
            if (!report.Passed) failed.Add($"{arch.Name()}: {string.Join("; ", report.Failures())}{guilty} (see artifacts/reports/compat-{arch.Name()}.md)");
            else verdicts.SaveAsync("compat-verdict", key, outputs).GetAwaiter().GetResult();
        }
        // The failure names what differs (stream, frame, plane, macroblock), not only where to read about it.
        if (failed.Count > 0)
            throw new BuildFailure($"The candidate's output differs from the baseline's on {string.Join(" | ", failed)}");
    }

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

    string BuildHarnessOnHost(TargetArch arch)
    {
        var include = DebianOpenH264.IncludeDirectoryAsync(Path.Combine(CacheDirectory, "baseline"), CancellationToken).GetAwaiter().GetResult();
        var output = Path.Combine(ArtifactsDirectory, ".work", "harness", arch.Name(), "h264harness");
        return HarnessBuilder.BuildAsync(Path.Combine(NativeDirectory, "harness"), include, arch, output, CancellationToken).GetAwaiter().GetResult();
    }
}

public enum CompatBaselineSource { Upstream, Debian }

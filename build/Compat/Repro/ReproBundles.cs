using OpenH264Build.Baselines;
using OpenH264Build.Host;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>
/// Compat's hook for reproducer bundles: one bundle per failed decode check of an arch, its folder named in the
/// report (the report page links it), and the guilty patch added to each ISSUE.md once bisection named it.
/// </summary>
public sealed class ReproBundles(CompatSite site, CompatRun run, OracleCache oracle)
{
    private readonly List<ReproCase> _written = [];

    /// <summary>Writes the bundles from the check's own decodes; returns the report naming each failed stream's
    /// bundle folder.</summary>
    public async Task<CompatReport> WriteAsync(CompatReport report, IReadOnlyList<CorpusItem> items,
        IReadOnlyDictionary<string, FailedDecode> decodes)
    {
        if (report.Passed) return report;
        var streams = new List<StreamResult>();
        foreach (var result in report.Streams)
        {
            var item = items.FirstOrDefault(i => i.Stream.Name == result.Stream);
            if (result is not { Verdict: "fail", Kind: "decode" } || item is null
                || !decodes.TryGetValue(result.Stream, out var decode)) { streams.Add(result); continue; }
            var repro = await CaseAsync(item, result, decode);
            var folder = await new ReproBundleWriter(site.Native)
                .WriteAsync(repro, null, site.Cancellation);
            Log.Error("Compat {Arch}: a reproducer of {Stream} for anyone: {Folder}/reproduce.sh",
                run.Arch.Name(), item.Stream.Name, Path.GetRelativePath(site.Root, folder));
            _written.Add(repro);
            streams.Add(result with { Reproducer = repro.RelativeFolder });
        }
        return report with { Streams = streams };
    }

    /// <summary>An earlier run's bundles of this arch: this run's verdict replaces them.</summary>
    public static void RemoveEarlier(string reportsDirectory, TargetArch arch)
    {
        var folder = Path.Combine(reportsDirectory, "repro");
        if (!Directory.Exists(folder)) return;
        foreach (var bundle in Directory.GetDirectories(folder, arch.Name() + "-*")) Directory.Delete(bundle, true);
    }

    /// <summary>Adds the bisection's verdict ("; drift appears with 0003-x.patch") to each ISSUE.md.</summary>
    public async Task NameGuiltyAsync(string guilty)
    {
        if (guilty.Length == 0) return;
        foreach (var repro in _written) await ReproBundleWriter.NameGuiltyAsync(repro, guilty, site.Cancellation);
    }

    /// <summary>Both libraries' digests (as the check decoded them), and what the candidate should give.</summary>
    private async Task<ReproCase> CaseAsync(CorpusItem item, StreamResult failure, FailedDecode decode)
    {
        var (baseline, candidate) = (decode.Baseline.Frames, decode.Candidate.Frames);
        var ffmpeg = item.Stream.UsesFfmpegOracle && baseline.Count > 0;
        var expected = ffmpeg
            ? await oracle.DigestsAsync(item, baseline[0].Width, baseline[0].Height, site.Cancellation) : baseline;
        return new ReproCase(run.Arch, item, failure, run.BaselineLibrary, run.CandidateLibrary,
            run.BaselineDescription ?? Path.GetFileName(run.BaselineLibrary),
            run.CandidateDescription ?? Path.GetFileName(run.CandidateLibrary),
            site.HarnessSource, await IncludeDirectoryAsync(), expected, ffmpeg ? "ffmpeg" : "baseline", candidate,
            run.ReportsDirectory, await FfmpegReference.VersionAsync(site.Cancellation));
    }

    /// <summary>The public headers of the tree this run built, else Debian's (codec_api.h and its own).</summary>
    private async Task<string> IncludeDirectoryAsync()
    {
        if (site.PatchedTree is { } source
            && Path.Combine(source, "codec", "api", "wels") is var wels
            && File.Exists(Path.Combine(wels, "codec_api.h")))
            return wels;
        var cache = Path.Combine(site.Cache, "baseline");
        return await DebianOpenH264.IncludeDirectoryAsync(cache, site.Cancellation);
    }
}

using OpenH264Build.Caching;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>
/// One arch's Compat check: reuses the kept pass of unchanged inputs, else decodes, writes the reports (and the CI step
/// summary), and on a failure names the patch with which it appears (when its stage gives it a bisection). It ends with
/// the failure line, or null when the arch passed (checked or reused).
/// </summary>
public sealed class CompatArchCheck(CompatSite site, CompatCorpus corpus, CompatRun run, bool baselineIsUpstream,
    CompatBisection? bisection)
{
    string Arch => run.Arch.Name();

    public async Task<string?> RunAsync(CompatibilityChecker checker, IReadOnlyList<CorpusItem> items)
    {
        var outputs = new Dictionary<string, string>
        {
            ["compat.md"] = Path.Combine(run.ReportsDirectory, $"compat-{Arch}.md"),
            ["compat.json"] = Path.Combine(run.ReportsDirectory, $"compat-{Arch}.json"),
            ["images"] = Path.Combine(run.ReportsDirectory, $"compat-{Arch}"),
        };
        var key = await KeyAsync();
        var verdicts = new VerdictCache(site.Verdicts);
        ReproBundles.RemoveEarlier(run.ReportsDirectory, run.Arch);
        if (verdicts.TryReuse("compat-verdict", key,
            outputs, $"Compat {Arch}")) return null;
        if (Directory.Exists(run.WorkDirectory)) Directory.Delete(run.WorkDirectory, true);
        if (Directory.Exists(outputs["images"])) Directory.Delete(outputs["images"], true);

        var bundles = new ReproBundles(site, run, corpus.Oracle);
        var checkedReport = await checker.CheckAsync(items, corpus.Oracle, site.Cancellation);
        var report = await bundles.WriteAsync(checkedReport, items, checker.FailedDecodes);
        await PublishAsync(report);
        if (!report.Passed) return await FailureLineAsync(report, bundles);
        await verdicts.SaveAsync("compat-verdict", key, outputs);
        return null;
    }

    async Task PublishAsync(CompatReport report)
    {
        var (_, markdown) = CompatReportWriter.Write(report, run.ReportsDirectory);
        CiHost.Current.AppendSummary(await File.ReadAllTextAsync(markdown));
        foreach (var stream in report.Streams.Where(s => s.Verdict == "fail"))
            Log.Error("Compat {Arch}: {Stream} ({Kind}): {Message}", Arch, stream.Stream, stream.Kind, stream.Message);
    }

    async Task<string> FailureLineAsync(CompatReport report, ReproBundles bundles)
    {
        var guilty = bisection is null ? ""
            : await bisection.NameAsync(report, run, corpus.Manifest, corpus.Generator, baselineIsUpstream);
        await bundles.NameGuiltyAsync(guilty);
        return $"{Arch}: {string.Join("; ", report.Failures())}{guilty} (see artifacts/reports/compat-{Arch}.md)";
    }

    /// <summary>
    /// The same libraries, harness, corpus, tools (FFmpeg; qemu and the runtimes, by the sandbox image; qemu's CPU
    /// model) and soak choice
    /// that passed once pass again: that verdict and its reports are reused. The report names the series, so the same
    /// library bytes from another series (a patch for the other arch) are checked and named anew.
    /// </summary>
    async Task<VerdictKey> KeyAsync() =>
        new VerdictKey().Text("arch", Arch).Content("candidate", run.CandidateLibrary).Content("baseline",
            run.BaselineLibrary)
            .Content("harness", run.Harness).Content("corpus", corpus.ManifestFile).Content("accepted",
                corpus.AcceptedFile).Text("rules", "v3")
            .Text("ffmpeg", await FfmpegReference.VersionAsync(site.Cancellation))
            .Text("sandbox", $"{run.Sandbox.Image.Id} {run.Sandbox.Image.Tools}").Text("soak",
                run.SoakIncluded ? "included" : "left out")
            .Text("cpu", FleetCpu.QemuModel)
            .Text("described", run.BaselineDescription + "\n" + run.CandidateDescription);
}

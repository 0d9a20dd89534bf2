using System.Diagnostics;
using System.Text;
using CliWrap;
using Microsoft.Playwright;

namespace OpenH264Build.Tests.Reporting;

/// <summary>
/// Real runs through a piped ./build.sh in a private tree: Compat shows a progress line every 10 s (±2 s) with frames
/// decoded, a rate and an ETA, and is never silent for more than 12 s; the page the real report writer wrote opens in
/// chromium with its decision line as its title and a log link that opens the run's own (copied) log.
/// </summary>
[Collection("Pipeline")]
public sealed class RealRunReportTests(HeadlessChromium chromium) : Spine.PipelineTreeTest("real-run-report"), IClassFixture<HeadlessChromium>
{
    /// <summary>Each line of the run's output with the seconds since the start at which it arrived.</summary>
    private async Task<(int ExitCode, List<(double At, string Line)> Lines)> PipedAsync(params string[] args)
    {
        var lines = new List<(double, string)>();
        var clock = Stopwatch.StartNew();
        void Add(string line) { lock (lines) lines.Add((clock.Elapsed.TotalSeconds, line)); }
        var result = await Tree.Command(args).WithStandardOutputPipe(PipeTarget.ToDelegate(Add, Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Add, Encoding.UTF8)).ExecuteAsync();
        return (result.ExitCode, lines);
    }

    [Fact]
    public async Task A_piped_soak_run_shows_progress_every_10_s_and_its_page_decides_and_links_its_log()
    {
        // A harness no run has used: the decode cache (shared by every run on the engine) holds nothing for it, so
        // Compat really decodes and the meter has pictures to count.
        await File.AppendAllTextAsync(Path.Combine(Tree.Root, "native", "harness", "h264harness.c"),
            $"\n__attribute__((used)) static const char test_run_stamp[] = \"{Guid.NewGuid():N}\";\n");
        // aarch64: its soak decodes under qemu for a minute or more, long enough for several meter lines (x86_64's
        // now decodes in under 10 s, before the first line is due).
        var (exit, lines) = await PipedAsync("Compat", "Report", "--arch", "aarch64");
        var text = string.Join("\n", lines.Select(l => l.Line));
        Assert.True(exit == 0, text);
        var start = lines.FindIndex(l => l.Line.Contains("» Compat"));
        var end = lines.FindIndex(l => l.Line.Contains("» Report"));
        Assert.True(start >= 0 && end > start, text);
        var during = lines.Skip(start).Take(end - start + 1).ToList();
        var gaps = during.Zip(during.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.True(gaps.Max() <= 12, $"silent for {gaps.Max():0.0} s during Compat:\n{text}");
        var meter = during.Where(l => l.Line.Contains("Compat [aarch64]:") && l.Line.Contains("frames decoded")).ToList();
        // The first line 10 s into Compat, then one every 10 s.
        Assert.True(meter.Count >= 2, text);
        Assert.InRange(meter[0].At - during[0].At, 8, 12);
        foreach (var (a, b) in meter.Zip(meter.Skip(1))) Assert.InRange(b.At - a.At, 8, 12);
        Assert.Contains(meter, l => l.Line.Contains("ETA") && l.Line.Contains("frames/s") && !l.Line.Contains(": 0 of"));
        Assert.Contains(lines, l => l.Line.StartsWith("aarch64: ABI not run, Compat pass, Soak pass"));
        Assert.Contains(lines, l => l.Line.StartsWith("report: artifacts/reports/index.html"));

        var (page, decision) = await WrittenReportPage.OpenAsync(chromium.Browser, Reports);
        Assert.StartsWith("Release 2.3.1-dev.", decision);
        Assert.Contains("not releasable: not signed", decision);
        Assert.Contains("aarch64 ABI not run", decision);
        Assert.DoesNotContain("x86_64", decision);
        await WrittenReportPage.AssertIconAsync(page, WrittenReportPage.Red);
        await WrittenReportPage.AssertLogLinkOpensAsync(page, Reports, "» Compat");
        await page.CloseAsync();
    }
}

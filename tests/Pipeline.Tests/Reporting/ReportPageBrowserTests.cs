using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Reporting;

/// <summary>
/// The page as a release manager sees it: written from a run folder the pipeline's own writers filled, opened in
/// headless chromium offline, read as text. A screenshot of each page is kept in the test output folder.
/// </summary>
public class ReportPageBrowserTests(ReportFolder folder, HeadlessChromium chromium) : IClassFixture<ReportFolder>, IClassFixture<HeadlessChromium>
{
    /// <summary>Beside the test assembly, never in the checkout's artifacts/.</summary>
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private async Task<(IPage Page, ConcurrentBag<string> Requests)> Open(RunReport? report = null, string name = "index.html")
    {
        report ??= await folder.Read();
        var path = ReportPage.Write(report, Path.Combine(folder.Reports, name));

        var page = await chromium.Browser.NewPageAsync();
        var requests = new ConcurrentBag<string>();
        // Everything the page asks for is recorded; anything but the file itself and data: URIs fails the test.
        await page.RouteAsync("**/*", async route =>
        {
            requests.Add(route.Request.Url);
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal)) await route.ContinueAsync();
            else await route.AbortAsync();
        });
        var response = await page.GotoAsync(new Uri(path).AbsoluteUri);
        Assert.NotNull(response);
        Assert.True(response.Ok);
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, Path.ChangeExtension(name, ".png")), FullPage = true });
        return (page, requests);
    }

    private static string Verdict(string arch, string check) => $"#verdicts tr[data-arch='{arch}'] td[data-verdict='{check}']";

    [Fact]
    public async Task The_top_of_the_page_has_what_a_release_decision_needs()
    {
        var (page, _) = await Open();
        var decision = await page.Locator("#decision").InnerTextAsync();
        Assert.Equal(decision, await page.TitleAsync());
        Assert.StartsWith("Release 2.3.1-1: not releasable: ", decision);
        Assert.Contains("x86_64 Compat failed", decision);
        Assert.Contains("aarch64 Compat unreadable", decision);
        Assert.Equal("glibc floor", await page.Locator("[data-fact='floor'] th").InnerTextAsync());
        Assert.Contains("2.3.1-1", await page.Locator("[data-fact='version']").InnerTextAsync());
        Assert.Contains(ReportFolder.Commit, await page.Locator("[data-fact='commit']").InnerTextAsync());
        Assert.Equal("release key, verified", await page.Locator("[data-fact='key'] [data-role='key-kind']").InnerTextAsync());
        Assert.Equal("GLIBC_2.31 (set by --abi-floor); built on bookworm (glibc 2.36)", await page.Locator("[data-fact='floor'] td").InnerTextAsync());
        Assert.Equal("../logs/build-20261129T100000Z.log", await page.Locator("[data-fact='log'] a").GetAttributeAsync("href"));

        Assert.StartsWith("pass\nchecked in this run", await page.Locator(Verdict("x86_64", "abi")).InnerTextAsync());
        Assert.StartsWith("fail", await page.Locator(Verdict("x86_64", "compat")).InnerTextAsync());
        Assert.Contains("2 streams, 9000 pictures (360 s of video at 25 fps)", await page.Locator(Verdict("x86_64", "soak")).InnerTextAsync());
        Assert.StartsWith("pass\nreused from cache (run of 2026-11-28 10:00:00 UTC)", await page.Locator(Verdict("aarch64", "abi")).InnerTextAsync());
        Assert.StartsWith("unreadable", await page.Locator(Verdict("aarch64", "compat")).InnerTextAsync());
        Assert.Equal("abi-x86_64.md", await page.Locator(Verdict("x86_64", "abi") + " a").GetAttributeAsync("href"));

        var patches = page.Locator("#patches");
        Assert.Contains("Fix heap overflow in WelsDecodeBs", await patches.InnerTextAsync());
        Assert.Equal("https://github.com/cisco/openh264/issues/3817", await patches.Locator("a").First.GetAttributeAsync("href"));
        Assert.Contains("DEP-3: no Forwarded field (recommended)", await patches.InnerTextAsync());
        await page.CloseAsync();
    }

    [Fact]
    public async Task Details_read_as_text_with_full_digests_and_say_why_a_cell_is_empty()
    {
        var (page, _) = await Open();
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("{\"", text);   // no raw JSON
        Assert.DoesNotContain("\": ", text);
        Assert.DoesNotContain("<version>", text);   // no unfilled placeholder
        Assert.Contains("openh264-2.3.1-1-linux-x86_64.abi.xml", await page.Locator("section[data-arch='x86_64'] table.abi-facts").InnerTextAsync());
        foreach (var digest in await page.Locator("[data-role='candidate-sha256'], [data-role='baseline-sha256']").AllInnerTextsAsync())
            Assert.Matches("^[0-9a-f]{64}$", digest);
        Assert.Contains(ReportFolder.Candidate, text);

        var streams = page.Locator("section[data-arch='x86_64'] table.streams");
        var encode = await streams.Locator("tr", new() { HasText = "encode-cif" }).InnerTextAsync();
        Assert.Contains("none: an encoder check compares the encoded bytes", encode);
        Assert.DoesNotContain("0 / 0", encode);
        var foreman = await streams.Locator("tr", new() { HasText = "foreman" }).InnerTextAsync();
        Assert.Contains("not used: FFmpeg is the oracle only for constrained-baseline streams", foreman);
        Assert.Contains("equal", await streams.Locator("tr", new() { HasText = "baseline-cif" }).InnerTextAsync());
        Assert.DoesNotMatch(new Regex(@"\t-\t"), await streams.InnerTextAsync());

        Assert.Contains("WelsGetDecoderCapability2", await page.Locator("section[data-arch='x86_64'] table.findings").InnerTextAsync());
        Assert.Equal(["compat-x86_64/foreman-180-baseline.png", "compat-x86_64/foreman-180-heatmap.png"], await page.Locator("figcaption a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Its_images_load_and_nothing_is_fetched_from_anywhere_else()
    {
        var (page, requests) = await Open();
        var images = page.Locator("img");
        Assert.Equal(2, await images.CountAsync());
        var size = await images.First.EvaluateAsync<int[]>("img => [img.complete ? 1 : 0, img.naturalWidth, img.naturalHeight]");
        Assert.Equal([1, 64, 48], size);
        Assert.Equal(1, await page.Locator(".missing-image").CountAsync());
        Assert.Equal([new Uri(Path.Combine(folder.Reports, "index.html")).AbsoluteUri], requests.Where(r => !r.StartsWith("data:", StringComparison.Ordinal)));
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_run_without_patch_list_or_abi_and_with_a_development_key_says_so()
    {
        var report = await folder.Read(ReportFolder.Results.Where(r => r.Name != "Abi").ToList());
        report = report with
        {
            Patches = null,
            Signature = report.Signature with { KeyKind = SigningKeyKind.Development },
            Facts = report.Facts with { AbiFloor = [] },
        };
        var (page, _) = await Open(report, "without-abi.html");
        Assert.Equal("patch list not recorded (no patches.json from the Patch target)", await page.Locator("#patches").InnerTextAsync());
        Assert.Equal("development key: not for release", await page.Locator("[data-fact='key'] [data-role='key-kind']").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".badge.good", new() { HasText = "verified" }).CountAsync());
        Assert.StartsWith("not run\nAbi was not part of this run", await page.Locator(Verdict("x86_64", "abi")).InnerTextAsync());
        Assert.StartsWith("the baseline's own (the ABI check did not run)", await page.Locator("[data-fact='floor'] td").InnerTextAsync());
        Assert.Equal("not run", await page.Locator("section[data-arch='x86_64'] [data-check='abi'] [data-role='verdict']").InnerTextAsync());
        await page.CloseAsync();
    }
}

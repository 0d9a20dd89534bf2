using System.Collections.Concurrent;
using Microsoft.Playwright;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Reporting;

/// <summary>The page as a person sees it: written from a real run folder and opened in headless chromium, offline.</summary>
public class ReportPageBrowserTests(ReportFolder folder, HeadlessChromium chromium) : IClassFixture<ReportFolder>, IClassFixture<HeadlessChromium>
{
    private async Task<(IPage Page, ConcurrentBag<string> Requests)> Open()
    {
        var report = await RunReportReader.Read(RunReportTests.Results, ["x86_64", "aarch64"], folder.Reports, folder.Dist);
        var path = ReportPage.Write(report, Path.Combine(folder.Reports, "index.html"));

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
        return (page, requests);
    }

    [Fact]
    public async Task The_page_opens_and_shows_each_verdict_per_arch()
    {
        var (page, _) = await Open();
        Assert.Equal("OpenH264 build report", await page.TitleAsync());

        string Verdict(string arch, string check) => $"section[data-arch='{arch}'] [data-check='{check}'] [data-role='verdict']";
        Assert.Equal("pass", await page.Locator(Verdict("x86_64", "abi")).InnerTextAsync());
        Assert.Equal("fail", await page.Locator(Verdict("x86_64", "compat")).InnerTextAsync());
        Assert.Equal("no report", await page.Locator(Verdict("aarch64", "abi")).InnerTextAsync());
        Assert.Equal("unreadable", await page.Locator(Verdict("aarch64", "compat")).InnerTextAsync());
        Assert.True(await page.Locator(Verdict("x86_64", "compat")).IsVisibleAsync());

        Assert.Contains("GLIBC_2.34", await page.Locator("section[data-arch='x86_64'] table.policy").InnerTextAsync());
        Assert.Contains("83.4 s", await page.Locator("#targets tr[data-target='Compile']").InnerTextAsync());
        Assert.Equal("verified", await page.Locator("[data-role='signature-state']").InnerTextAsync());
        Assert.Contains("https://slsa.dev/provenance/v1", await page.Locator("#provenance").InnerTextAsync());
        Assert.Contains("libopenh264-7_2.3.1-1_arm64.tar.gz", await page.Locator("#packages").InnerTextAsync());

        // What the browser drew, kept with the test results for a person to look at.
        var screenshot = Path.Combine(OpenH264Build.Tests.Ci.RepositoryPaths.Root, "artifacts", "test-results", "report-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        await page.CloseAsync();
    }

    [Fact]
    public async Task Its_images_load_and_nothing_is_fetched_from_anywhere_else()
    {
        var (page, requests) = await Open();
        var images = page.Locator("img");
        Assert.Equal(2, await images.CountAsync()); // the baseline's picture and the heat map; the candidate's is missing
        foreach (var image in await images.AllAsync())
        {
            var size = await image.EvaluateAsync<int[]>("img => [img.complete ? 1 : 0, img.naturalWidth, img.naturalHeight]");
            Assert.Equal([1, 64, 48], size);
        }
        Assert.True(await page.Locator(".missing-image").IsVisibleAsync() || await page.Locator(".missing-image").CountAsync() == 1);
        Assert.Equal([new Uri(Path.Combine(folder.Reports, "index.html")).AbsoluteUri], requests.Where(r => !r.StartsWith("data:", StringComparison.Ordinal)));
        await page.CloseAsync();
    }
}

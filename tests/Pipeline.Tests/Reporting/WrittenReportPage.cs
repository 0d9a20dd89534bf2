using Microsoft.Playwright;

namespace OpenH264Build.Tests.Reporting;

/// <summary>
/// A report page that a real run's report writer left in a reports folder, opened in chromium as a release manager
/// opens it from disk or from a CI artifact: its decision line, the tab icon's colour, and the link to the run's log.
/// </summary>
public static class WrittenReportPage
{
    public const string Green = "%231b8a3a";
    public const string Red = "%23c0102a";

    /// <summary>Opens <c>index.html</c> of <paramref name="reports"/>; its title must be the decision line.</summary>
    public static async Task<(IPage Page, string Decision)> OpenAsync(IBrowser browser, string reports)
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(Path.Combine(reports, "index.html")).AbsoluteUri);
        Assert.True(response?.Ok, $"{reports}/index.html did not open");
        var decision = await page.Locator("#decision").InnerTextAsync();
        Assert.Equal(decision, await page.TitleAsync());
        return (page, decision);
    }

    /// <summary>The tab icon's colour: green for ready to publish, red otherwise.</summary>
    public static async Task AssertIconAsync(IPage page, string colour) =>
        Assert.Contains(colour, await page.Locator("link[rel='icon']").GetAttributeAsync("href"));

    /// <summary>
    /// The log link is to a copy beside the page (it works from a CI artifact of the reports folder) and opens the
    /// log of the run that wrote the page: one that holds <paramref name="expected"/>.
    /// </summary>
    public static async Task AssertLogLinkOpensAsync(IPage page, string reports, string expected)
    {
        var href = await page.Locator("[data-fact='log'] a").GetAttributeAsync("href");
        Assert.NotNull(href);
        Assert.DoesNotContain("/", href);
        Assert.True(File.Exists(Path.Combine(reports, href)), $"{href} is not beside the page");
        var log = await page.GotoAsync(new Uri(new Uri(Path.Combine(reports, "index.html")), href).AbsoluteUri);
        Assert.True(log?.Ok, $"the log link {href} did not open");
        Assert.Contains(expected, await page.Locator("body").InnerTextAsync());
    }
}

using CliWrap;
using CliWrap.Buffered;
using Microsoft.Playwright;

namespace OpenH264Build.Tests.Reporting;

/// <summary>
/// Debian's chromium driven by Playwright for .NET through its executable path (Playwright's own browser
/// download is not reachable). Installed with apt when missing, so a fresh machine works.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath)) await InstallWithApt();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private static async Task InstallWithApt()
    {
        foreach (var args in new[] { new[] { "update" }, ["install", "-y", "--no-install-recommends", "chromium"] })
        {
            var result = await Cli.Wrap("apt-get").WithArguments(args)
                .WithEnvironmentVariables(e => e.Set("DEBIAN_FRONTEND", "noninteractive"))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync();
            Assert.True(result.ExitCode == 0, $"apt-get {string.Join(" ", args)} failed: {result.StandardError}");
        }
    }
}

using System.Collections.Concurrent;
using OpenH264Build.Reporting;
using OpenH264Build.Terminal;
using Spectre.Console;

namespace OpenH264Build.Tests.Reporting;

public class ProgressReporterTests
{
    [Fact]
    public async Task Plain_lines_say_when_a_step_started_that_it_is_still_running_and_how_long_it_took()
    {
        var lines = new ConcurrentQueue<string>();
        var reporter = new ProgressReporter(null, lines.Enqueue, heartbeat: TimeSpan.FromMilliseconds(40));

        var value = await reporter.Step("Compile", "aarch64", async () => { await Task.Delay(250); return 42; });

        Assert.Equal(42, value);
        var all = lines.ToList();
        Assert.Equal("» Compile [aarch64]: started", all[0]);
        Assert.Contains(all, l => l.StartsWith("… Compile [aarch64]: still running (", StringComparison.Ordinal));
        Assert.Matches(@"^✔ Compile \[aarch64\]: done in \d+\.\d s$", all[^1]);
    }

    [Fact]
    public async Task A_failing_step_says_so_and_the_failure_reaches_the_caller()
    {
        var lines = new ConcurrentQueue<string>();
        var reporter = new ProgressReporter(null, lines.Enqueue);

        await Assert.ThrowsAsync<InvalidOperationException>(() => reporter.Step("Toolchain", null, () => throw new InvalidOperationException("no")));

        Assert.StartsWith("✘ Toolchain: failed after ", lines.Last());
    }

    [Fact]
    public async Task In_a_terminal_steps_side_by_side_and_nested_are_drawn_live_with_their_elapsed_time()
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(screen),
        });
        var reporter = new ProgressReporter(console, _ => throw new InvalidOperationException("a live display writes no plain lines"));
        Assert.True(reporter.IsLive);

        async Task Compile(string arch) =>
            await reporter.Step("Compile", arch, async () =>
                await reporter.Step("Decode corpus", arch, () => Task.Delay(300)));

        await Task.WhenAll(Compile("x86_64"), Compile("aarch64"));
        // A second round after the first display closed opens a new one.
        await reporter.Step("Package", null, () => Task.Delay(50));

        var text = screen.ToString();
        foreach (var label in new[] { "Compile [x86_64] done", "Compile [aarch64] done", "Decode corpus [aarch64] done", "Package done" })
            Assert.Contains(label, text);
        Assert.Matches(@"00:00:0\d", text);
    }

    [Fact]
    public void Elapsed_time_reads_as_seconds_then_minutes()
    {
        Assert.Equal("4.2 s", ProgressReporter.Format(TimeSpan.FromSeconds(4.2)));
        Assert.Equal("3 min 05 s", ProgressReporter.Format(TimeSpan.FromSeconds(185)));
    }
}

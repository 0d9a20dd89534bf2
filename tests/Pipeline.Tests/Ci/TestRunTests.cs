using OpenH264Build.Testing;

namespace OpenH264Build.Tests.Ci;

/// <summary>What ./build.sh Test refuses: a failed test, no test at all, a skipped test in CI, and tests that touched the user's artifacts.</summary>
public sealed class TestRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("test-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void With_CI_true_a_skipped_test_fails_the_run_and_without_it_the_run_passes()
    {
        Assert.True(TestSuiteRunner.FailsOnSkipped(n => n == "CI" ? "true" : null));
        Assert.False(TestSuiteRunner.FailsOnSkipped(_ => null));
        Assert.False(TestSuiteRunner.FailsOnSkipped(n => n == "CI" ? "false" : null));

        Assert.Equal("1 test(s) were skipped; in CI every test must run", TestSuiteRunner.Refusal((10, 0, 1), 0, failOnSkipped: true));
        Assert.Null(TestSuiteRunner.Refusal((10, 0, 1), 0, failOnSkipped: false));
        Assert.Null(TestSuiteRunner.Refusal((10, 0, 0), 0, failOnSkipped: true));
    }

    [Fact]
    public void A_failed_test_a_failing_exit_code_or_no_test_at_all_fails_the_run()
    {
        Assert.Equal("2 test(s) failed", TestSuiteRunner.Refusal((10, 2, 0), 1, failOnSkipped: false));
        Assert.Equal("0 test(s) failed", TestSuiteRunner.Refusal((10, 0, 0), 1, failOnSkipped: false));
        Assert.Equal("No test ran", TestSuiteRunner.Refusal((0, 0, 0), 0, failOnSkipped: false));
    }

    [Fact]
    public void A_skipped_test_counts_as_skipped_though_the_TRX_counters_leave_it_out()
    {
        // What the TRX logger writes for one passed and one skipped xunit test: notExecuted stays 0 in its counters.
        var trx = System.Xml.Linq.XDocument.Parse("""
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>
              <UnitTestResult testName="SampleTests.Writes" outcome="Passed" duration="00:00:00.03" />
              <UnitTestResult testName="SampleTests.Switched_off" outcome="NotExecuted" duration="00:00:00" />
            </Results><ResultSummary outcome="Completed">
              <Counters total="2" executed="1" passed="1" failed="0" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="0" />
            </ResultSummary></TestRun>
            """);
        Assert.Equal((1, 0, 1), TestSuiteRunner.Count(trx));
        Assert.Equal("1 test(s) were skipped; in CI every test must run", TestSuiteRunner.Refusal(TestSuiteRunner.Count(trx), 0, failOnSkipped: true));
    }

    [Fact]
    public void The_checkout_snapshot_names_each_file_added_removed_or_changed_and_nothing_when_untouched()
    {
        var dist = Path.Combine(_root, "dist");
        var reports = Path.Combine(_root, "reports");
        Directory.CreateDirectory(dist);
        File.WriteAllText(Path.Combine(dist, "SHA256SUMS"), "signed by the release manager");
        File.WriteAllText(Path.Combine(dist, "openh264.pub"), "key");
        var snapshot = FolderSnapshot.Take(dist, reports);
        Assert.Empty(snapshot.Changes());
        snapshot.ThrowIfChanged();

        File.WriteAllText(Path.Combine(dist, "SHA256SUMS"), "signed again with the development key");
        File.Delete(Path.Combine(dist, "openh264.pub"));
        Directory.CreateDirectory(reports);
        File.WriteAllText(Path.Combine(reports, "index.html"), "<html>");
        Assert.Equal([$"added {Path.Combine(reports, "index.html")}", $"changed {Path.Combine(dist, "SHA256SUMS")}", $"removed {Path.Combine(dist, "openh264.pub")}"],
            snapshot.Changes());
        var failure = Assert.Throws<OpenH264Build.Engine.BuildFailure>(snapshot.ThrowIfChanged);
        Assert.StartsWith("The tests changed the checkout's own artifacts (3)", failure.Message);
    }
}

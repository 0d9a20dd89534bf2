using System.Xml.Linq;
using CliWrap;
using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Testing;

/// <summary>
/// Runs the test project with <c>dotnet test</c>, streams its output, then reads the TRX results and prints one
/// closing line, "N passed, N failed, N skipped". In CI a skipped test is a failure: nothing may switch itself off.
/// </summary>
public sealed class TestSuiteRunner(string project, string resultsDirectory)
{
    public async Task RunAsync(string? filter, bool failOnSkipped, CancellationToken ct)
    {
        if (Directory.Exists(resultsDirectory)) Directory.Delete(resultsDirectory, recursive: true);
        var args = new List<string> { "test", project, "--nologo", "--logger", "trx;LogFileName=tests.trx",
            "--logger", "console;verbosity=normal", "--results-directory", resultsDirectory };
        if (!string.IsNullOrWhiteSpace(filter)) args.AddRange(["--filter", filter]);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await HostProgram.RunAsync("dotnet", args, new()
        {
            StandardOutput = PipeTarget.ToDelegate(line => Console.Out.WriteLine(SecretMasker.Mask(line))),
            StandardError = PipeTarget.ToDelegate(line => Console.Error.WriteLine(SecretMasker.Mask(line))),
            AllowFailure = true,
            Inherit = SuiteEnvironment,
        }, ct);

        var trx = Directory.Exists(resultsDirectory) ? Directory.GetFiles(resultsDirectory, "*.trx",
            SearchOption.AllDirectories).FirstOrDefault() : null;
        if (trx is null) throw new BuildFailure(
            $"dotnet test exited with {result.ExitCode} and wrote no results (did " +
            $"the tests compile?)");
        var results = XDocument.Load(trx);
        var (passed, failed, skipped) = Count(results);
        foreach (var line in TimingLines(results, clock.Elapsed)) Console.Out.WriteLine(line);
        Console.Out.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        if (Refusal((passed, failed, skipped), result.ExitCode, failOnSkipped) is { } refusal)
            throw new BuildFailure(
                $"{refusal} (results: {Path.GetRelativePath(Directory.GetCurrentDirectory(), trx)})");
    }

    /// <summary>
    /// What the suite takes from the build's environment beyond every child's allow-list: the SDK's and NuGet's
    /// settings, where the checkout is, whether it runs in CI, which engine to use, and the CPU qemu emulates.
    /// </summary>
    public static readonly IReadOnlyList<string> SuiteEnvironment =
    [
        "DOTNET_*", "NUGET_*", "NUKE_ROOT_DIRECTORY", "CI", "GITHUB_ACTIONS",
        "DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "QEMU_CPU",
    ];

    /// <summary>CI=true: a skipped test fails the run there.</summary>
    public static bool FailsOnSkipped(Func<string, string?> environment) => environment("CI") == "true";

    /// <summary>Why the run fails, or null when it passed: a failed test, none at all, or (in CI) a skipped
    /// one.</summary>
    public static string? Refusal((int Passed, int Failed, int Skipped) counts, int exitCode, bool failOnSkipped) =>
        counts.Failed > 0 || exitCode != 0 ? $"{counts.Failed} test(s) failed"
        : counts.Passed == 0 ? "No test ran"
        : failOnSkipped && counts.Skipped > 0 ? $"{counts.Skipped} test(s) were skipped; in CI every test must run"
        : null;

    /// <summary>
    /// The suite's wall time and its ten slowest tests (the TRX's own durations): a suite that grows slow is seen
    /// in every run, and bench/suite-time.sh reads the first line.
    /// </summary>
    public static IEnumerable<string> TimingLines(XDocument trx, TimeSpan wall)
    {
        yield return $"Test suite wall time: {wall.TotalSeconds:0} s";
        var slowest = trx.Descendants().Where(e => e.Name.LocalName == "UnitTestResult")
            .Select(e => (Name: (string?)e.Attribute("testName") ?? "", Duration: TimeSpan.TryParse(
                (string?)e.Attribute("duration"), System.Globalization.CultureInfo.InvariantCulture, out var d)
                ? d : TimeSpan.Zero))
            .OrderByDescending(t => t.Duration).Take(10).ToList();
        if (slowest.Count > 0) yield return "Slowest tests:";
        foreach (var (name, duration) in slowest) yield return $"  {duration.TotalSeconds,7:0.0} s  {name}";
    }

    /// <summary>
    /// The counts of a TRX. Skipped tests are counted from their results (outcome NotExecuted): the TRX logger leaves
    /// them out of its counters, so the counters alone would let a skipped test pass in CI.
    /// </summary>
    public static (int Passed, int Failed, int Skipped) Count(XDocument trx)
    {
        var counters = trx.Descendants().First(e => e.Name.LocalName == "Counters");
        int Get(string name) => int.TryParse(counters.Attribute(name)?.Value, out var n) ? n : 0;
        var notExecuted = trx.Descendants().Count(e => e.Name.LocalName == "UnitTestResult"
            && (string?)e.Attribute("outcome") is "NotExecuted" or "Inconclusive");
        return (Get("passed"), Get("failed") + Get("error") + Get("timeout") + Get("aborted"),
            Math.Max(Get("notExecuted") + Get("inconclusive"), notExecuted));
    }
}

using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Abi;

/// <summary>One side of a comparison as abidiff takes it: an ELF file (with its debug folder) or an abidw XML
/// dump.</summary>
public sealed record AbidiffInput(string File, string? DebugInfoDirectory, string? HeadersDirectory);

/// <summary>What the abidiff runs found, already sorted into verdict findings, accepted ones and internal
/// ones.</summary>
public sealed record AbiComparison(IReadOnlyList<AbiFinding> Findings, int ExitCode, string PublicReport);

/// <summary>
/// Compares two libraries with abidiff and sorts what changed:
/// <list type="bullet">
/// <item>public run (<c>--hd1/--hd2</c>, with the suppression file): the verdict. Exit bit 8 is an
/// incompatible change, bit 4 any change; bits 1 and 2 mean abidiff itself failed.</item>
/// <item>the same without the suppression file, when there is one: changes only it shows were accepted by a
/// reviewed suppression.</item>
/// <item>a run without the headers filter: changes only it shows are internal, listed as information.</item>
/// </list>
/// </summary>
public static class AbiComparer
{
    private const int ExitError = 1, ExitUsage = 2, ExitIncompatible = 8;

    public static async Task<AbiComparison> CompareAsync(AbidiffInput baseline, AbidiffInput candidate,
        string? suppressionFile,
        CancellationToken cancellationToken = default)
    {
        var useSuppressions = suppressionFile is not null && File.Exists(suppressionFile)
                              && File.ReadLines(suppressionFile).Any(l => l.TrimStart().StartsWith('['));
        var (exit, report) = await RunAsync(baseline, candidate, publicOnly: true,
            useSuppressions ? suppressionFile : null, cancellationToken);
        var verdict = AbidiffReportParser.Parse(report).ToList();
        var seen = verdict.Select(f => f.Key).ToHashSet();
        var findings = new List<AbiFinding>(verdict);

        if ((exit & ExitIncompatible) != 0 && !verdict.Any(f => f.Severity == FindingSeverity.Error))
            findings.Add(new AbiFinding(FindingSeverity.Error, "abidiff", "incompatible change",
                "abidiff reports an incompatible ABI change it did not itemize; see its report in the log"));

        if (useSuppressions)
        {
            var (_, unsuppressed) = await RunAsync(baseline, candidate, publicOnly: true, null, cancellationToken);
            foreach (var f in AbidiffReportParser.Parse(unsuppressed).Where(f => seen.Add(f.Key)))
                findings.Add(f with { Severity = FindingSeverity.Accepted,
                    Message = f.Message + " (accepted by the suppression file)" });
        }

        if (baseline.HeadersDirectory is not null || candidate.HeadersDirectory is not null)
        {
            var (_, everything) = await RunAsync(baseline, candidate, publicOnly: false, null, cancellationToken);
            foreach (var f in AbidiffReportParser.Parse(everything).Where(f => seen.Add(f.Key)))
                findings.Add(f with { Severity = FindingSeverity.Info, Check = "internal-" + f.Check,
                    Message = f.Message + " (internal: not reachable from the public headers)" });
        }

        return new AbiComparison(findings, exit, report);
    }

    private static async Task<(int Exit, string Report)> RunAsync(AbidiffInput baseline, AbidiffInput candidate,
        bool publicOnly,
        string? suppressionFile, CancellationToken cancellationToken)
    {
        var args = new List<string> { "--leaf-changes-only", "--no-show-locs" };
        if (baseline.DebugInfoDirectory is not null) args.AddRange(["--d1", baseline.DebugInfoDirectory]);
        if (candidate.DebugInfoDirectory is not null) args.AddRange(["--d2", candidate.DebugInfoDirectory]);
        if (publicOnly)
        {
            if (baseline.HeadersDirectory is not null) args.AddRange(["--hd1", baseline.HeadersDirectory]);
            if (candidate.HeadersDirectory is not null) args.AddRange(["--hd2", candidate.HeadersDirectory]);
        }
        if (suppressionFile is not null) args.AddRange(["--suppressions", suppressionFile]);
        args.AddRange([baseline.File, candidate.File]);

        var result = await HostProgram.RunAsync("abidiff", args, new() { AllowFailure = true }, cancellationToken);
        if ((result.ExitCode & (ExitError | ExitUsage)) != 0)
            throw new BuildFailure(
                $"abidiff failed (exit {result.ExitCode}): {(result.StandardError + result.StandardOutput).Trim()
                    .Split('\n')[0]}");
        return (result.ExitCode, result.StandardOutput);
    }
}

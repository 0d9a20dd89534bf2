using OpenH264Build.Elf;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using Serilog;

namespace OpenH264Build.Abi;

/// <summary>What one ABI check of one arch needs: the candidate, the baseline, the rules and where to write.</summary>
public sealed record AbiCheckRequest(
    TargetArch Arch,
    NativeBuildOutput Candidate,
    Baselines.BaselineLibrary Baseline,
    BinaryPolicyRules Rules,
    string? SuppressionFile,
    string ReportsDirectory,
    string? AbiDumpFile,
    string WorkDirectory);

/// <summary>The Abi stage for one arch: fails when the build is not an ABI drop-in for the baseline or will not load on
/// the fleet.</summary>
public sealed class AbiCheckFailure(string message) : BuildFailure(message);

/// <summary>
/// Runs every check of one arch (binary policy, target CPU, abidiff), writes the ABI dump and the reports,
/// tells CI, and then fails the build if any finding is an error.
/// </summary>
public static class AbiCheck
{
    /// <param name="publish">False for a check that is only a probe (bisecting a series): no console verdict, CI
    /// annotation or summary.</param>
    public static async Task<AbiReport> RunAsync(AbiCheckRequest request,
        CancellationToken cancellationToken = default, bool publish = true)
    {
        var checkedAt = DateTimeOffset.UtcNow;
        var candidate = request.Candidate.Validate($"ABI candidate ({request.Arch.Name()})");
        var baseline = request.Baseline.Library.Validate($"ABI baseline ({request.Baseline.Description})");
        Directory.CreateDirectory(request.WorkDirectory);

        var candidateFacts = ElfInspector.Read(candidate.SharedLibrary);
        var baselineFacts = ElfInspector.Read(baseline.SharedLibrary);
        var findings = new List<AbiFinding>();
        var comparison = await CompareAsync(request, candidate, candidateFacts, baseline, baselineFacts, findings,
            cancellationToken);
        findings.AddRange(comparison.Findings);

        // abidiff already names removed and added functions and variables; the ELF check adds the rest.
        var named = comparison.Findings.Where(f => f.Check.StartsWith("removed-")
            || f.Check.StartsWith("added-")).Select(f => f.Subject).ToHashSet();
        findings.AddRange(BinaryPolicy.Check(candidateFacts, baselineFacts, request.Rules)
            .Where(f => f.Check is not ("removed-symbol" or "added-symbol") || !named.Contains(f.Subject)));
        findings.AddRange(TargetCpuCheck.Check(request.Arch, candidate.SharedLibrary, candidate.DebugFile));

        var report = Report(request, candidate, baseline, findings, checkedAt);
        report.Write(request.ReportsDirectory);
        if (publish) Publish(report);
        return report;
    }

    /// <summary>
    /// Writes the candidate's ABI dump and runs abidiff against the baseline, with debug info where each side has
    /// it; a side without it is noted in <paramref name="findings"/>.
    /// </summary>
    private static async Task<AbiComparison> CompareAsync(AbiCheckRequest request, NativeBuildOutput candidate,
        ElfFacts candidateFacts,
        NativeBuildOutput baseline, ElfFacts baselineFacts, List<AbiFinding> findings,
            CancellationToken cancellationToken)
    {
        var candidateDebug = DebugInfoDirectory.Prepare(candidate, candidateFacts, request.WorkDirectory);
        if (candidateDebug is null && !candidateFacts.HasDebugInfo)
            findings.Add(new AbiFinding(FindingSeverity.Warning, "abidiff", "debug info",
                "the candidate has no debug info: type layouts cannot be compared, only symbols"));
        var baselineDebug = DebugInfoDirectory.Prepare(baseline, baselineFacts, request.WorkDirectory);
        if (baselineDebug is null && !baselineFacts.HasDebugInfo && request.Baseline.AbiDump is null)
            findings.Add(new AbiFinding(FindingSeverity.Info, "abidiff", "debug info",
                "the baseline has no debug info: abidiff compares exported symbols only"));

        if (request.AbiDumpFile is not null)
            await AbiDumper.DumpAsync(candidate.SharedLibrary, candidateDebug, candidate.HeadersDirectory,
                request.AbiDumpFile, cancellationToken);

        // A baseline with a dump but no debug file (a previous release) is compared through its dump.
        var baselineInput = baselineDebug is null && !baselineFacts.HasDebugInfo && request.Baseline.AbiDump is not null
            ? new AbidiffInput(request.Baseline.AbiDump, null, baseline.HeadersDirectory ?? candidate.HeadersDirectory)
            : new AbidiffInput(baseline.SharedLibrary, baselineDebug, baseline.HeadersDirectory
                ?? candidate.HeadersDirectory);
        var comparison = await AbiComparer.CompareAsync(baselineInput,
            new AbidiffInput(candidate.SharedLibrary, candidateDebug, candidate.HeadersDirectory),
                request.SuppressionFile, cancellationToken);
        Log.Debug("abidiff (exit {Exit}):\n{Report}", comparison.ExitCode, comparison.PublicReport);
        return comparison;
    }

    private static AbiReport Report(AbiCheckRequest request, NativeBuildOutput candidate, NativeBuildOutput baseline,
        List<AbiFinding> findings, DateTimeOffset checkedAt) =>
        new(request.Arch.Name(), request.Baseline.Description, request.Baseline.Source.ToString().ToLowerInvariant(),
            // Reports ship with the release: the candidate is named by file and digest, never by a path of this
            // machine.
            $"{Path.GetFileName(candidate.SharedLibrary)} (sha256 {Util.Sha256.OfFile(candidate.SharedLibrary)})",
            request.Rules.Floor.Floors.ToDictionary(f => f.Key,
                f => $"{f.Value} ({request.Rules.Floor.Origins[f.Key]})"),
            request.AbiDumpFile is null ? null : $"{Path.GetFileName(request.AbiDumpFile)}, beside the package",
                findings,
            Util.Sha256.OfFile(candidate.SharedLibrary), Util.Sha256.OfFile(baseline.SharedLibrary), checkedAt);

    /// <summary>Console verdict, CI annotations and step summary; then the failure, if any.</summary>
    private static void Publish(AbiReport report)
    {
        if (report.Verdict == "pass") Log.Information("{Line}", report.ConsoleLine());
        else Log.Error("{Line}", report.ConsoleLine());
        foreach (var error in report.Errors)
            CiHost.Current.Error($"ABI {report.Arch}: {error.Message}");
        foreach (var warning in report.Findings.Where(f => f.Severity == FindingSeverity.Warning))
            CiHost.Current.Warning($"ABI {report.Arch}: {warning.Message}");
        CiHost.Current.AppendSummary(report.ToMarkdown());
    }

    /// <summary>Throws when the report failed, naming the first error and where the full report is.</summary>
    public static void ThrowIfFailed(AbiReport report, string reportsDirectory)
    {
        if (report.Verdict == "pass") return;
        var errors = report.Errors.ToList();
        throw new AbiCheckFailure($"{report.Arch} is not an ABI drop-in: {errors.Count} error(s), first: " +
            $"{errors[0].Message} (see {Path.Combine(reportsDirectory, $"abi-{report.Arch}.md")})");
    }
}

using OpenH264Build.Engine;
using OpenH264Build.Formats;

namespace OpenH264Build.Reporting;

/// <summary>Gathers the page's content: the targets' results, each check report per arch, and the dist.</summary>
public static class RunReportReader
{
    /// <summary>The checks whose reports the page shows for every arch, in this order.</summary>
    public static readonly IReadOnlyList<string> Checks = Formats.VerdictReport.Kinds;

    /// <summary>What the release policy finds in the dist's verdicts; a dist it cannot even read is one problem, not a
    /// lost page.</summary>
    static IReadOnlyList<string> PolicyProblems(Dist.DistFolder? dist)
    {
        if (dist is null) return [];
        try { return Dist.ReleasePolicy.VerdictProblems(dist, new Dist.VerdictRequirement(RequireSoak: true)); }
        catch (Exception e) when (
            e is BuildFailure or IOException) { return [$"the dist cannot be judged: {e.Message}"]; }
    }

    /// <param name="facts">What the build knows of the run (version, commit, start, floor); none for a page made
    /// outside a run.</param>
    public static Task<RunReport> Read(IReadOnlyList<TargetResult> results, IReadOnlyList<string> arches,
        string reportsDirectory, string? distDirectory, CancellationToken cancellationToken = default,
            RunFacts? facts = null)
    {
        // An arch that only has reports (built by an earlier run) is shown too, after the ones asked for.
        IEnumerable<string> reported = Directory.Exists(reportsDirectory)
            ? Checks.SelectMany(c => Directory.EnumerateFiles(reportsDirectory, $"{c}-*.json")
                    .Select(p => Path.GetFileNameWithoutExtension(p)[(c.Length + 1)..]))
                .Order(StringComparer.Ordinal)
            : [];
        var allArches = arches.Concat(reported).Distinct().ToList();
        var checks = allArches.SelectMany(arch => Checks.Select(check => CheckReportReader.Read(reportsDirectory,
            check, arch))).ToList();
        // The dist is read once, and its signature judged by the one verifier (see DistReader).
        var dist = DistReader.Open(distDirectory);
        return Task.FromResult(new RunReport(results, allArches, checks, DistReader.Packages(dist),
            DistReader.Signature(dist), DistReader.Provenance(dist))
        {
            DistFolder = distDirectory,
            Facts = facts ?? new RunFacts(),
            Patches = PatchListReader.Read(reportsDirectory),
            Rollout = RolloutSection.Read(reportsDirectory),
            // The release policy's own judgement of the dist's verdicts, so the decision line cannot disagree with it.
            PolicyProblems = PolicyProblems(dist),
        });
    }
}

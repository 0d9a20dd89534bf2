using System.Text.RegularExpressions;
using OpenH264Build.Signing;

namespace OpenH264Build.Distribution;

/// <summary>The verdicts of each library, bound to its exact bits: what a release, a publish and Sign's release key need.</summary>
public sealed partial class DistVerifier
{
    /// <summary>Each asker words the unproven libraries for what it was doing.</summary>
    private void RefuseUnproven(Dist dist, VerdictRequirement required, DistExpectations expect)
    {
        var unbound = VerdictProblems(dist, required);
        if (unbound.Count > 0)
            throw Refuse(expect, expect.Use switch
            {
                DistUse.Publish => $"the dist is not proven for release: {string.Join("; ", unbound)} (run the whole pipeline, Compat with its soak included, on the tagged commit)",
                DistUse.Completeness => string.Join("; ", unbound),
                _ => $"{unbound.Count} library verdict problem(s): {string.Join("; ", unbound)} (run Abi and Compat on this library, then Sign)",
            });
    }

    /// <summary>
    /// Sign's check before the release key signs: a release version (from a tag), and every library in the dist with
    /// passing ABI and compatibility verdicts of its exact bits. Anything less is signed with the development key.
    /// </summary>
    public void EnsureReleaseWorthy(string distDirectory, string version)
    {
        if (!ReleaseVersionPattern().IsMatch(version))
            throw new SigningFailure($"the release key signs only a release version (<upstream>-<n>, from a v<upstream>-<n> tag on HEAD); {version} is a development version");
        if (!Directory.Exists(distDirectory)) return; // Sign itself says there is nothing to sign
        var problems = VerdictProblems(Dist.Open(distDirectory), new VerdictRequirement(RequireSoak: false, RequireLibraries: false));
        if (problems.Count > 0)
            throw new SigningFailure($"the release key signs only proven libraries: {string.Join("; ", problems)} (run Abi and Compat with Sign)");
    }

    /// <summary>
    /// A verdict counts only for the bits it judged: every library package of the dist needs a passing ABI and
    /// compatibility verdict (<c>abi-&lt;arch&gt;.json</c>, <c>compat-&lt;arch&gt;.json</c> in the same dist) whose
    /// <c>candidateSha256</c> is exactly the sha256 of the library in that package, whatever targets ran or were skipped.
    /// </summary>
    public IReadOnlyList<string> VerdictProblems(Dist dist, VerdictRequirement required)
    {
        var problems = new List<string>();
        var libraries = dist.Libraries;
        if (required.RequireLibraries && libraries.Count == 0)
            problems.Add("the dist has no library package (openh264-<version>-linux-<arch>.tar.gz)");
        foreach (var unreadable in dist.Reports.Where(r => r.Verdict is null))
            _log.Warning("{Report}: {Problem}; left out", unreadable.FileName, unreadable.Problem);
        var verdicts = dist.Verdicts;
        foreach (var library in libraries)
        foreach (var kind in VerdictReport.Kinds)
        {
            var verdict = verdicts.FirstOrDefault(v => v.Kind == kind && v.Arch == library.Arch);
            var problem = verdict switch
            {
                null => $"{library.PackageName}: no {kind} verdict ({kind}-{library.Arch}.json) is in the dist",
                { CandidateSha256: null } => $"{verdict.FileName} names no candidateSha256: it is bound to no library",
                _ when verdict.CandidateSha256 != library.Sha256 =>
                    $"{verdict.FileName} judged the library with sha256 {verdict.CandidateSha256}, but {library.PackageName} holds {library.Sha256}",
                { Verdict: not "pass" } => $"{verdict.FileName}: the verdict is '{verdict.Verdict}', not 'pass'",
                { Kind: "compat", SoakIncluded: false } when required.RequireSoak =>
                    $"{verdict.FileName}: the soak was not part of the check (soak.included is not true); a release needs a full Compat run",
                _ => null,
            };
            if (problem is not null) problems.Add(problem);
        }
        return problems;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+-[1-9]\d*$")]
    private static partial Regex ReleaseVersionPattern();
}

using System.Text.RegularExpressions;
using OpenH264Build.Formats;

namespace OpenH264Build.Dist;

/// <summary>The verdicts of each library, bound to its exact bits, each naming its baseline and when it ran.</summary>
public sealed partial class ReleasePolicy
{
    /// <summary>
    /// A verdict counts only for the bits it judged: every library package of the dist needs a passing ABI and
    /// compatibility verdict (<c>abi-&lt;arch&gt;.json</c>, <c>compat-&lt;arch&gt;.json</c> in the same dist) whose
    /// <c>candidateSha256</c> is exactly the sha256 of the library in that package, whatever targets ran or were
    /// skipped, and which names the baseline it was held against and when it ran.
    /// </summary>
    public static IReadOnlyList<string> VerdictProblems(DistFolder dist, VerdictRequirement required,
        Serilog.ILogger? log = null)
    {
        var problems = new List<string>();
        var libraries = dist.Libraries;
        if (required.RequireLibraries && libraries.Count == 0)
            problems.Add("the dist has no library package (openh264-<version>-linux-<arch>.tar.gz)");
        foreach (var unreadable in dist.Reports.Where(r => r.Verdict is null))
            (log ?? Serilog.Log.Logger).Warning("{Report}: {Problem}; left out", unreadable.FileName,
                unreadable.Problem);
        foreach (var library in libraries)
        foreach (var kind in VerdictReport.Kinds)
        {
            var verdict = dist.Verdicts.FirstOrDefault(v => v.Kind == kind && v.Arch == library.Arch);
            if (VerdictProblem(library, kind, verdict, required) is { } problem) problems.Add(problem);
        }
        return problems;
    }

    private static string? VerdictProblem(Signing.PackagedLibrary library, string kind, VerdictReport? verdict,
        VerdictRequirement required) =>
        verdict switch
        {
            null => $"{library.PackageName}: no {kind} verdict ({kind}-{library.Arch}.json) is in the dist",
            { CandidateSha256: null } => $"{verdict.FileName} names no candidateSha256: it is bound to no library",
            _ when verdict.CandidateSha256 != library.Sha256 =>
                $"{verdict.FileName} judged the library with sha256 {verdict.CandidateSha256}, but " +
                    $"{library.PackageName} holds {library.Sha256}",
            { Verdict: not "pass" } => $"{verdict.FileName}: the verdict is '{verdict.Verdict}', not 'pass'",
            { BaselineSha256: null } =>
                $"{verdict.FileName} names no baselineSha256: a verdict says which library it " +
                $"was held against",
            { CheckedAt: null } => $"{verdict.FileName} has no readable checkedAt: a verdict says when it was reached",
            { Kind: "compat", SoakIncluded: false } when required.RequireSoak =>
                $"{verdict.FileName}: the soak was not part of the check (soak.included is not true); a release " +
                    $"needs a full Compat run",
            _ => null,
        };

    [GeneratedRegex(@"^\d+\.\d+\.\d+-[1-9]\d*$")]
    private static partial Regex ReleaseVersionPattern();
}

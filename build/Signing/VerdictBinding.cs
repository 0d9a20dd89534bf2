using OpenH264Build.Publishing;
using Serilog;

namespace OpenH264Build.Signing;

/// <summary>
/// A verdict counts only for the bits it judged: every library package of a dist needs a passing ABI and
/// compatibility verdict (<c>abi-&lt;arch&gt;.json</c>, <c>compat-&lt;arch&gt;.json</c> in the same dist) whose
/// <c>candidateSha256</c> is exactly the sha256 of the library in that package, whatever targets ran or were skipped.
/// </summary>
public static class VerdictBinding
{
    /// <param name="requireSoak">A release also needs the compatibility run to have included the soak.</param>
    /// <param name="requireLibraries">A dist without any library package is a problem too (Verify, Publish).</param>
    public static IReadOnlyList<string> Problems(string folder, bool requireSoak, bool requireLibraries = true)
    {
        var problems = new List<string>();
        var libraries = PackagedLibrary.FindAll(folder);
        if (requireLibraries && libraries.Count == 0)
            problems.Add("the dist has no library package (openh264-<version>-linux-<arch>.tar.gz)");
        var verdicts = CheckVerdict.ReadAll(folder, Log.Logger);
        foreach (var library in libraries)
        foreach (var kind in CheckVerdict.Kinds)
        {
            var verdict = verdicts.FirstOrDefault(v => v.Kind == kind && v.Arch == library.Arch);
            var problem = verdict switch
            {
                null => $"{library.PackageName}: no {kind} verdict ({kind}-{library.Arch}.json) is in the dist",
                { CandidateSha256: null } => $"{verdict.FileName} names no candidateSha256: it is bound to no library",
                _ when verdict.CandidateSha256 != library.Sha256 =>
                    $"{verdict.FileName} judged the library with sha256 {verdict.CandidateSha256}, but {library.PackageName} holds {library.Sha256}",
                { Verdict: not "pass" } => $"{verdict.FileName}: the verdict is '{verdict.Verdict}', not 'pass'",
                { Kind: "compat", SoakIncluded: false } when requireSoak =>
                    $"{verdict.FileName}: the soak was not part of the check (soak.included is not true); a release needs a full Compat run",
                _ => null,
            };
            if (problem is not null) problems.Add(problem);
        }
        return problems;
    }

    /// <summary>Fails with every problem in one line, naming what to run.</summary>
    public static void ThrowIfUnbound(string folder, bool requireSoak, bool requireLibraries = true)
    {
        var problems = Problems(folder, requireSoak, requireLibraries);
        if (problems.Count == 0) return;
        throw new VerificationFailure($"{problems.Count} library verdict problem(s): {string.Join("; ", problems)} (run Abi and Compat on this library, then Sign)");
    }
}

using OpenH264Build.Dist;
using OpenH264Build.Formats;
using Serilog;

namespace OpenH264Build.Signing;

/// <summary>
/// Puts into a dist the ABI and compatibility reports (<c>.json</c> and <c>.md</c>) whose candidate is exactly the
/// library in the dist's package of that arch. A report of another library (an earlier run, a skipped check) stays
/// out, and so does any report of that kind already in the dist: a verdict travels only with the bits it judged.
/// </summary>
public static class BoundReports
{
    public static void CopyInto(string reportsDirectory, string distDirectory)
    {
        foreach (var kind in VerdictReport.Kinds)
        foreach (var stale in Directory.EnumerateFiles(distDirectory, $"{kind}-*.*").Where(f => f.EndsWith(".json")
            || f.EndsWith(".md")))
            File.Delete(stale);

        foreach (var library in PackagedLibrary.FindAll(distDirectory))
        foreach (var kind in VerdictReport.Kinds)
        {
            var report = VerdictReport.Read(reportsDirectory, kind, library.Arch);
            if (report.CandidateSha256 != library.Sha256 || report.Verdict is null)
            {
                Log.Warning("{Kind} verdict of {Arch} not put into the dist: {Why}", kind, library.Arch,
                    report.Verdict is null ? "there is no report (the check did not run)"
                    : $"it judged the library with sha256 {report.CandidateSha256 ?? "(not named)"}, but " +
                        $"{library.PackageName} holds {library.Sha256}");
                continue;
            }
            var json = Path.Combine(reportsDirectory, report.FileName);
            File.Copy(json, Path.Combine(distDirectory, report.FileName), overwrite: true);
            var markdown = Path.ChangeExtension(json, ".md");
            if (File.Exists(markdown)) File.Copy(markdown, Path.Combine(distDirectory, Path.GetFileName(markdown)),
                overwrite: true);
        }
    }
}

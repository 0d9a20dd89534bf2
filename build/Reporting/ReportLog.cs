using OpenH264Build.Engine;

namespace OpenH264Build.Reporting;

/// <summary>
/// The log of the run that wrote the report, copied beside the page (masked once more), so the page's link works
/// offline and in a CI artifact of the reports folder, and does not die when the logs folder rotates. Only a run
/// that writes the page copies its log; the copy of an earlier run is removed with it.
/// </summary>
public static class ReportLog
{
    /// <summary>Copies <paramref name="logFile"/> into <paramref name="reportsDirectory"/>; returns the link from the
    /// page, or null.</summary>
    public static string? CopyBeside(string? logFile, string reportsDirectory)
    {
        if (logFile is null || !File.Exists(logFile)) return null;
        Directory.CreateDirectory(reportsDirectory);
        var name = Path.GetFileName(logFile);
        foreach (var old in Directory.EnumerateFiles(reportsDirectory,
            "build-*.log").Where(p => Path.GetFileName(p) != name))
            File.Delete(old);
        string text;
        // The run is still writing its log: read what is there without getting in its way.
        using (var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
            text = reader.ReadToEnd();
        var target = Path.Combine(reportsDirectory, name);
        var scratch = target + ".partial";
        File.WriteAllText(scratch, SecretMasker.Mask(text));
        File.Move(scratch, target, overwrite: true);
        return name;
    }
}

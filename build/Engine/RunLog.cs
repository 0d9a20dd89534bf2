using System.Globalization;

namespace OpenH264Build.Engine;

/// <summary>
/// The log file of one real run: <c>build-&lt;UTC time&gt;.log</c> in the logs folder, with <c>build.log</c> a
/// symbolic link to the newest one, and only the newest <see cref="Keep"/> runs kept. <c>--help</c>, <c>--plan</c>
/// and a mistyped command line write no log, so they never cost the log of the last real run.
/// </summary>
public static class RunLog
{
    public const string LatestName = "build.log";
    public const int Keep = 10;

    /// <summary>Creates the run's log file, points build.log at it and removes the oldest logs beyond <see
    /// cref="Keep"/>.</summary>
    public static string Start(string directory, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, $"build-{stamp}.log");
        // Two runs in the same second (or a clock set back) must not share a file.
        for (var n = 2; File.Exists(path); n++) path = Path.Combine(directory, $"build-{stamp}-{n}.log");
        using (new FileStream(path, FileMode.CreateNew)) { }
        PointLatestAt(directory, Path.GetFileName(path));
        RemoveOldest(directory);
        return path;
    }

    /// <summary>The run logs, oldest first.</summary>
    public static IReadOnlyList<string> Logs(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "build-*.log")
                .Where(p => File.ResolveLinkTarget(p, false) is null)
                .OrderBy(File.GetLastWriteTimeUtc).ThenBy(p => p, StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>Replaces build.log in one rename, so a reader never finds it missing; an older plain build.log is
    /// replaced too.</summary>
    private static void PointLatestAt(string directory, string fileName)
    {
        var latest = Path.Combine(directory, LatestName);
        var temporary = Path.Combine(directory, $".{LatestName}.{Environment.ProcessId}");
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, fileName);
        File.Move(temporary, latest, overwrite: true);
    }

    private static void RemoveOldest(string directory)
    {
        var logs = Logs(directory);
        foreach (var old in logs.Take(Math.Max(0, logs.Count - Keep)))
        {
            try { File.Delete(old); }
            catch (IOException) { } // another run may still be writing it; it goes next time
        }
    }
}

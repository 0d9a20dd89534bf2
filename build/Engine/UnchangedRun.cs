using System.Globalization;

namespace OpenH264Build.Engine;

/// <summary>
/// The answer to a command line whose last run is still current (<see cref="RunStamp"/>): one line that says so and
/// names that run's log, then that run's own conclusions. Nothing else is loaded, asked or written: no Docker, no git,
/// no log file, so a run with nothing to do costs the start of the program and the stat of its inputs.
/// </summary>
internal static class UnchangedRun
{
    /// <summary>True when the stamp of this command line is current and the answer was written.</summary>
    public static bool TryAnswer(string stampFile, string rootDirectory, IReadOnlyList<string> args, TextWriter output)
    {
        var rerun = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RunStamp.RerunVariable));
        if (rerun || args.Contains(RunStamp.RerunOption)) return false;
        var stamp = RunStamp.Read(stampFile);
        if (stamp is null || stamp.FirstChange() is not null) return false;
        var when = DateTimeOffset.FromUnixTimeMilliseconds(stamp.RecordedNs / 1_000_000).UtcDateTime
            .ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var log = stamp.LogFile is null ? "" : $" (log: {Path.GetRelativePath(rootDirectory, stamp.LogFile)})";
        output.WriteLine($"Nothing changed since the run that ended {when}{log}: every input it read and every " +
            $"output it left are as they were, so no target runs again ({RunStamp.RerunOption} runs them).");
        foreach (var line in stamp.SummaryLines) output.WriteLine(line);
        return true;
    }
}

using Serilog;

namespace OpenH264Build.Engine;

/// <summary>
/// Stamps one run (<see cref="RunStamp"/>): fingerprints its inputs before the first target starts and its outputs
/// after the last one, and writes the stamp only when every target succeeded. Any earlier stamp of the command line
/// is removed first, so a run that fails or is killed leaves none that could be taken for current.
/// </summary>
internal sealed class RunStampRecorder
{
    readonly string path;
    readonly IReadOnlyList<StampRoot> roots;
    readonly List<StampSnapshot> taken;

    RunStampRecorder(string path, IReadOnlyList<StampRoot> roots)
    {
        this.path = path;
        this.roots = roots;
        taken = roots.Where(r => !r.TakenAtEnd).Select(StampSnapshot.Take).ToList();
    }

    /// <summary>
    /// Starts stamping when the run may be stamped (a key, no secret given, roots named for every target), else null.
    /// </summary>
    public static RunStampRecorder? Start(RunRequest request, IReadOnlyList<TargetDefinition> plan, string? path)
    {
        if (path is null) return null;
        if (File.Exists(path)) File.Delete(path);
        if (request.Parameters.Sources.Keys.Any(p => p.IsSecret)) return null;
        var roots = request.Build.StampRoots(plan.Select(t => t.Name).ToList());
        if (roots is null) return null;
        return new RunStampRecorder(path, [.. roots, .. GivenPaths(request)]);
    }

    /// <summary>
    /// Files and folders named by the parameters given (a patch series elsewhere, a baseline library): inputs too.
    /// </summary>
    static IEnumerable<StampRoot> GivenPaths(RunRequest request) =>
        request.Parameters.Sources.Keys
            .SelectMany(p => p.GetValue(request.Build) switch { string s => [s], string[] a => a, _ => [] })
            .Where(v => v.Length > 0 && (File.Exists(v) || Directory.Exists(v)))
            .Select(v => StampRoot.Input(Path.GetFullPath(v)))
            .Distinct();

    /// <summary>
    /// Writes the stamp after a run in which every target succeeded; the summary lines are shown by a run it answers.
    /// </summary>
    public void Finish(bool succeeded, string? logFile, IEnumerable<string> summaryLines)
    {
        if (!succeeded) return;
        try
        {
            var snapshots = taken.Concat(roots.Where(r => r.TakenAtEnd).Select(StampSnapshot.Take)).ToList();
            if (snapshots.SelectMany(s => s.Files).Any(f => f.Path.IndexOfAny(['\t', '\n']) >= 0)) return;
            new RunStamp(StampSnapshot.NowNs(), logFile, summaryLines.ToList(), snapshots).Write(path);
        }
        catch (IOException e)
        {
            Log.Debug(e, "The run's stamp was not written; the next run does every target again");
        }
    }
}

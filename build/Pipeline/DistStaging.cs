using Serilog;

namespace OpenH264Build.Pipeline;

/// <summary>
/// The next <c>artifacts/dist</c> is assembled in a staging folder. At the end of a good run it takes the dist's
/// place in one atomic swap, but only when it is a complete signed dist (or the user asks to replace anyway):
/// the output of a partial run (Package alone, Sign without the checks) goes beside it, to the partial folder,
/// and the last complete dist stays where it is. A failed or interrupted run leaves the dist exactly as it was.
/// </summary>
/// <remarks>What makes a dist complete is the Dist domain's rule, handed in as <c>whyIncomplete</c> (null:
/// complete).</remarks>
public sealed class DistStaging(string stagingDirectory, string distDirectory, string partialDirectory,
    Func<string, string?> whyIncomplete)
{
    public bool IsStarted { get; private set; }

    public string Directory => stagingDirectory;

    /// <summary>Where a run that did not end in a complete signed dist leaves its output.</summary>
    public string PartialDirectory => partialDirectory;

    /// <summary>Starts an empty staging folder (anything left by a failed or killed run is thrown away).</summary>
    public void Start()
    {
        if (System.IO.Directory.Exists(stagingDirectory)) System.IO.Directory.Delete(stagingDirectory, recursive: true);
        System.IO.Directory.CreateDirectory(stagingDirectory);
        IsStarted = true;
    }

    /// <summary>
    /// The end of a run: a good one commits its dist as <see cref="Finish"/> says; a failed one keeps the previous dist
    /// even when its staging holds a complete signed dist (a target after Sign failed: the run as a whole did not prove
    /// it).
    /// </summary>
    /// <summary>Where the run's dist ended, for the summary: the dist, the partial dist, or the previous dist
    /// kept.</summary>
    public string? EndedIn { get; private set; }

    public void End(bool succeeded, bool replaceAnyway)
    {
        if (succeeded) Finish(replaceAnyway);
        else Abandon();
    }

    /// <summary>The end of a good run: a complete dist (or any, with <paramref name="replaceAnyway"/>) becomes the
    /// dist.</summary>
    public void Finish(bool replaceAnyway)
    {
        if (!IsStarted) return;
        IsStarted = false;
        if (!System.IO.Directory.Exists(stagingDirectory)) return;
        var incomplete = whyIncomplete(stagingDirectory);
        if (incomplete is null || replaceAnyway)
        {
            FolderSwap.Replace(stagingDirectory, distDirectory);
            EndedIn = distDirectory;
            Log.Information("artifacts/dist now holds this run's {Count} file(s){Note}",
                System.IO.Directory.GetFiles(distDirectory).Length,
                incomplete is null ? "" : $" (replaced as asked, although {incomplete})");
            return;
        }
        FolderSwap.Replace(stagingDirectory, partialDirectory);
        EndedIn = partialDirectory;
        Log.Warning(
            "This run did not end in a complete signed dist ({Reason}): artifacts/dist is left as it was; this run's " +
                "{Count} file(s) are in {Partial} (--replace-dist replaces the dist anyway)",
            incomplete, System.IO.Directory.GetFiles(partialDirectory).Length, partialDirectory);
    }

    /// <summary>A failed run keeps the previous dist; the staging folder is dropped.</summary>
    public void Abandon()
    {
        if (!IsStarted) return;
        if (System.IO.Directory.Exists(stagingDirectory)) System.IO.Directory.Delete(stagingDirectory, recursive: true);
        IsStarted = false;
        EndedIn = distDirectory + " (the previous dist, kept: this run failed)";
        Log.Warning("The run failed: artifacts/dist was left as it was");
    }
}

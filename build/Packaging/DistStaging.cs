using Serilog;

namespace OpenH264Build.Packaging;

/// <summary>
/// The next <c>artifacts/dist</c> is assembled in a staging folder and swapped in by renames only when the whole
/// run succeeded, so a failed or interrupted run leaves the previous dist exactly as it was.
/// </summary>
public sealed class DistStaging(string stagingDirectory, string distDirectory)
{
    public bool IsStarted { get; private set; }

    public string Directory => stagingDirectory;

    /// <summary>Starts an empty staging folder (anything left by a failed run is thrown away).</summary>
    public void Start()
    {
        if (System.IO.Directory.Exists(stagingDirectory)) System.IO.Directory.Delete(stagingDirectory, recursive: true);
        System.IO.Directory.CreateDirectory(stagingDirectory);
        IsStarted = true;
    }

    /// <summary>Makes the staged folder the dist: the old one is moved aside first, then removed.</summary>
    public void Commit()
    {
        if (!IsStarted) return;
        var parent = Path.GetDirectoryName(distDirectory)!;
        System.IO.Directory.CreateDirectory(parent);
        var old = Path.Combine(parent, $".dist-old-{Guid.NewGuid():N}");
        if (System.IO.Directory.Exists(distDirectory)) System.IO.Directory.Move(distDirectory, old);
        System.IO.Directory.Move(stagingDirectory, distDirectory);
        if (System.IO.Directory.Exists(old)) System.IO.Directory.Delete(old, recursive: true);
        IsStarted = false;
        Log.Information("artifacts/dist now holds this run's {Count} file(s)", System.IO.Directory.GetFiles(distDirectory).Length);
    }

    /// <summary>A failed run keeps the previous dist; the staging folder is dropped.</summary>
    public void Abandon()
    {
        if (!IsStarted) return;
        if (System.IO.Directory.Exists(stagingDirectory)) System.IO.Directory.Delete(stagingDirectory, recursive: true);
        IsStarted = false;
        Log.Warning("The run failed: artifacts/dist was left as it was");
    }
}

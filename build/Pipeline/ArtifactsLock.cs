using OpenH264Build.Engine;

namespace OpenH264Build.Pipeline;

/// <summary>
/// One run at a time on one checkout: a run that writes under <c>artifacts/</c> holds an exclusive lock on
/// <c>artifacts/.lock</c> (released by the kernel when the process ends, even on kill -9), and names itself in
/// <c>artifacts/.lock.owner</c>. A second run stops at once and names the holder, instead of mixing its files in.
/// </summary>
public sealed class ArtifactsLock : IDisposable
{
    private readonly FileStream _lock;

    private ArtifactsLock(FileStream held) => _lock = held;

    public static ArtifactsLock Acquire(string artifactsDirectory)
    {
        Directory.CreateDirectory(artifactsDirectory);
        var owner = Path.Combine(artifactsDirectory, ".lock.owner");
        FileStream held;
        try
        {
            // FileShare.None is an exclusive flock on Linux: another process holding it makes this throw.
            held = new FileStream(Path.Combine(artifactsDirectory, ".lock"), FileMode.OpenOrCreate,
                FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new BuildFailure($"another ./build.sh run ({Holder(owner)}) is using artifacts/ of this checkout: " +
                $"wait until it ends, or stop it, and run again");
        }
        File.WriteAllText(owner, $"pid {Environment.ProcessId}, started {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n");
        return new ArtifactsLock(held);
    }

    private static string Holder(string ownerFile)
    {
        try
        {
            return File.Exists(ownerFile) ? File.ReadAllText(ownerFile).Trim() : "pid unknown";
        }
        catch (IOException)
        {
            return "pid unknown";
        }
    }

    public void Dispose() => _lock.Dispose();
}

using OpenH264Build.Pipeline;

namespace OpenH264Build;

/// <summary>One run at a time writes under artifacts/: the second stops at once, naming the first's pid.</summary>
partial class Build
{
    ArtifactsLock? artifactsLock;

    /// <summary>Null before any target that writes under artifacts/ ran; false when another run holds the lock.</summary>
    bool? ArtifactsLocked;

    /// <summary>
    /// Every target but the test run and the tools that write nothing under artifacts/ takes the checkout's lock
    /// first, so two runs never mix their files (the tests start runs of their own in this checkout).
    /// </summary>
    void LockArtifactsFor(string target)
    {
        if (ArtifactsLocked is not null || target is nameof(Test) or nameof(Prerequisites) or nameof(GenerateWorkflows)) return;
        ArtifactsLocked = false;
        artifactsLock = ArtifactsLock.Acquire(Paths.Artifacts);
        ArtifactsLocked = true;
    }
}

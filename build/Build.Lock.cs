using OpenH264Build.Containers;
using OpenH264Build.Pipeline;

namespace OpenH264Build;

/// <summary>One run at a time writes under artifacts/: the second stops at once, naming the first's pid.</summary>
partial class Build
{
    ArtifactsLock? artifactsLock;

    /// <summary>Null before any target that writes under artifacts/ ran; false when another run holds the
    /// lock.</summary>
    bool? ArtifactsLocked;

    /// <summary>Each target runs with the checkout's lock held (taken before the first that needs it) and its
    /// progress shown.</summary>
    protected internal override async Task RunTargetAsync(string name, Func<Task> actions)
    {
        if (LockArtifactsFor(name)) await RemoveLeftoverContainersAsync();
        await ShowProgressAsync(name, actions);
    }

    /// <summary>
    /// Every target but the test run and the tools that write nothing under artifacts/ takes the checkout's lock
    /// first, so two runs never mix their files (the tests start runs of their own in this checkout).
    /// </summary>
    /// <returns>True when this call took the lock.</returns>
    bool LockArtifactsFor(string target)
    {
        if (ArtifactsLocked is not null || target is nameof(Test) or nameof(Prerequisites) or nameof(GenerateWorkflows))
            return false;
        ArtifactsLocked = false;
        artifactsLock = ArtifactsLock.Acquire(Paths.Artifacts);
        ArtifactsLocked = true;
        return true;
    }

    /// <summary>
    /// With the lock held no live run of this checkout has a container, so every container labelled with the checkout
    /// is a leftover of a killed run (kill -9): removed before this run makes its own. Without an engine there is none.
    /// </summary>
    async Task RemoveLeftoverContainersAsync()
    {
        if (await DockerEngine.ProbeAsync(DockerEngine.EndpointFor(DockerHost), CancellationToken) is not null) return;
        await ContainerLabels.RemoveLeftoversAsync(await Context.DockerAsync(), RootDirectory, CancellationToken);
    }
}

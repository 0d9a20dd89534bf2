using OpenH264Build.Engine;
using OpenH264Build.Packaging;
using Serilog;

namespace OpenH264Build;

partial class Build
{
    [Parameter("Replace artifacts/dist with this run's output even when it is not a complete signed dist (by default such output goes to artifacts/dist-partial)")]
    readonly bool ReplaceDist;

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
        artifactsLock = ArtifactsLock.Acquire(ArtifactsDirectory);
        ArtifactsLocked = true;
    }

    void PackageLibraries()
    {
        DistStage.Start();
        var version = Version;
        var license = Path.Combine(PatchedSource!.Directory, "LICENSE");
        foreach (var (arch, library) in Libraries.OrderBy(l => l.Key))
        {
            var buildInfo = BuildInfo.Render(version, Pin, Series, library, ToolchainImage!, ToolchainImageId!, Suite, Git.Commit, ReproducibleTime);
            foreach (var file in LibraryPackager.Package(library, version, license, buildInfo, DistStage.Directory, ReproducibleTime))
                Log.Information("Packaged {File} ({Size:N0} bytes)", Path.GetFileName(file), new FileInfo(file).Length);
        }
        ProvenanceVersion = version.ToString();
        if (version.IsDevelopment) Log.Information("Version {Version} is a development build (no v{Upstream}-<n> tag on HEAD)", version, Pin.Version);
    }
}

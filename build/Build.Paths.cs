using OpenH264Build.Pipeline;

namespace OpenH264Build;

/// <summary>Where everything lives (see <see cref="RunPaths"/>): the names the partial files use for the folders of this checkout.</summary>
partial class Build
{
    static RunPaths Paths => new(RootDirectory);
    static string NativeDirectory => Paths.Native;
    static string ArtifactsDirectory => Paths.Artifacts;
    static string DistDirectory => Paths.Dist;
    static string DistStagingDirectory => Paths.DistStaging;
    static string ReportsDirectory => Paths.Reports;
    static string DevelopmentKeyDirectory => Paths.DevelopmentKeys;
    string PatchesDirectory => Patches is { } p ? Path.GetFullPath(p) : Path.Combine(NativeDirectory, "patches");
}

using OpenH264Build.Pipeline;

namespace OpenH264Build;

/// <summary>Where everything lives (see <see cref="RunPaths"/>), for this checkout; and the patch series the run
/// applies.</summary>
partial class Build
{
    static RunPaths Paths => new(RootDirectory);
    string PatchesDirectory => Patches is { } p ? Path.GetFullPath(p) : Path.Combine(Paths.Native, "patches");
}

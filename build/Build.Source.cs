using OpenH264Build.Engine;
using OpenH264Build.Patching;

namespace OpenH264Build;

/// <summary>Fetch and Patch: the pinned upstream source (native/source.json) with the DEP-3 patch series
/// applied.</summary>
partial class Build
{
    /// <summary>The patches folder as the user named it, for messages and the report.</summary>
    string PatchesFolderAsGiven => Patches ?? "native/patches";

    PatchOptions PatchOptions => new(PatchesDirectory,
        PatchesFolderAsGiven, $"https://github.com/{UpstreamRepository}");


}

using OpenH264Build.Engine;
using OpenH264Build.Patching;

namespace OpenH264Build;

/// <summary>The ImportPatch target: patches from upstream or a distribution join the series (see
/// Stages/ImportPatchStage).</summary>
partial class Build
{
    [Parameter(
        "ImportPatch: a git format-patch file or mbox, a pull request's .patch address, or a quilt series folder",
        ReadBy = [nameof(ImportPatch)])]
    readonly string? From;

    ImportPatchOptions ImportPatchOptions => new(From!, PatchOptions);
}

using OpenH264Build.Engine;
using OpenH264Build.Patching;
using OpenH264Build.Stages;

namespace OpenH264Build;

/// <summary>The ImportPatch target: patches from upstream or a distribution join the series (see
/// Patching/PatchImporter).</summary>
partial class Build
{
    [Parameter(
        "ImportPatch: a git format-patch file or mbox, a pull request's .patch address, or a quilt series folder",
        ReadBy = [nameof(ImportPatch)])]
    readonly string? From;

    async Task ImportPatches()
    {
        var importer = new PatchImporter(PatchesDirectory, PatchesFolderAsGiven);
        var incoming = await IncomingPatches.ReadAsync(From!, importer.NextNumber(), CancellationToken);
        // The series is checked the way Patch applies it; the check's tree is not a result of this run.
        await importer.ImportAsync(incoming, () => new PatchStage(PatchOptions).RunAsync(Context), CancellationToken);
    }
}

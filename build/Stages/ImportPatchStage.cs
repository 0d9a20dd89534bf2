using OpenH264Build.Patching;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Stages;

/// <summary>
/// Adds patches from upstream or a distribution to the series, headers kept, and checks the series still applies;
/// a refused import leaves the series as it was (see <see cref="PatchImporter"/>).
/// </summary>
public sealed class ImportPatchStage(ImportPatchOptions options) : IStage
{
    public override string ToString() => "import patches into the series";

    public async Task RunAsync(RunContext context)
    {
        var importer = new PatchImporter(options.Series.PatchesDirectory, options.Series.FolderAsGiven);
        var incoming = await IncomingPatches.ReadAsync(options.From, importer.NextNumber(), context.Cancellation);
        // The series is checked the way Patch applies it; the check's tree is not a result of this run.
        await importer.ImportAsync(incoming, () => new PatchStage(options.Series).RunAsync(context),
            context.Cancellation);
    }
}

using OpenH264Build.Patching;
using OpenH264Build.Pipeline;
using OpenH264Build.Source;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>Reads the quilt series, writes the patch list with its upstream links, and applies the series.</summary>
public sealed class PatchStage(PatchOptions options) : IStage<PatchedSource>
{
    public override string ToString() => "apply the patch series";

    public async Task<PatchedSource> RunAsync(RunContext context)
    {
        // A run whose series cannot be read must not leave the last run's patch list behind for the report.
        var lastPatchList = Path.Combine(context.Paths.Reports, PatchesReport.FileName);
        if (File.Exists(lastPatchList)) File.Delete(lastPatchList);
        var series = PatchSeries.Read(options.PatchesDirectory, options.FolderAsGiven, options.UpstreamWebUrl);
        LogSeries(series);
        Log.Information("Patch list with upstream links: {Report:l}",
            await PatchesReport.WriteAsync(series, context.Paths.Reports, context.Cancellation));
        var source = context.Results.Get<FetchedSource>("Patch");
        var tree = await new PatchedTree(context.Cache).PrepareAsync(context.Pin, source.Tarball, series.Patches,
            context.Cancellation);
        context.Cache.Prune(PatchedTree.Stage, [Path.GetFileName(Path.GetDirectoryName(tree.Directory)!)]);
        return new PatchedSource(series.Patches, tree.Directory, tree.Key);
    }

    static void LogSeries(LoadedSeries series)
    {
        foreach (var warning in series.Warnings) Log.Warning("{Warning:l}", warning);
        foreach (var patch in series.Patches)
        {
            Log.Information("Series: {Patch:l}: {Subject:l}{Links:l}", patch.Name, patch.Header.Title,
                string.Concat(patch.Links.Select(l => $" [{l.Kind} {l.Url}]")));
            foreach (var warning in patch.Warnings) Log.Warning("{Patch:l}: {Warning:l}", patch.Name, warning);
        }
    }
}

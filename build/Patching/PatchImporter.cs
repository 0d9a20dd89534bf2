using System.Text.RegularExpressions;
using Serilog;

namespace OpenH264Build.Patching;

/// <summary>
/// Adds patches to a series folder: each is written with its header as it came, appended to <c>series</c>, and then
/// the whole series must still apply. A name that is already there, a header without what DEP-3 requires, or a
/// series that no longer applies is refused, and the folder is left exactly as it was.
/// </summary>
public sealed partial class PatchImporter(string patchesDirectory, string folderAsGiven)
{
    private string SeriesFile => Path.Combine(patchesDirectory, "series");

    /// <summary>The number the next git-style patch name gets: one more than the highest leading number in
    /// series.</summary>
    public int NextNumber()
    {
        if (!File.Exists(SeriesFile)) return 1;
        var numbers = QuiltSeriesFile.Parse(File.ReadAllText(SeriesFile), $"{folderAsGiven}/series", SeriesFile)
            .Select(e => LeadingNumber().Match(Path.GetFileName(e.Name)))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        return numbers.Count == 0 ? 1 : numbers.Max() + 1;
    }

    /// <summary>Writes the patches, appends them to series and runs <paramref name="checkSeriesApplies"/>; undoes all
    /// on failure.</summary>
    public async Task ImportAsync(IReadOnlyList<IncomingPatch> patches, Func<Task> checkSeriesApplies,
        CancellationToken ct)
    {
        Refuse(patches);
        var seriesBefore = File.Exists(SeriesFile) ? await File.ReadAllTextAsync(SeriesFile, ct) : null;
        var written = new List<string>();
        var folderIsNew = !Directory.Exists(patchesDirectory);
        try
        {
            Directory.CreateDirectory(patchesDirectory);
            foreach (var patch in patches)
            {
                var path = Path.Combine(patchesDirectory, patch.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, patch.Text, ct);
                written.Add(path);
            }
            var lines = patches.Select(p => p.StripLevel == 1 ? p.Name : $"{p.Name} -p{p.StripLevel}");
            var separator = seriesBefore is null || seriesBefore.Length == 0 || seriesBefore.EndsWith('\n') ? "" : "\n";
            await File.WriteAllTextAsync(SeriesFile, (seriesBefore
                ?? "") + separator + string.Join("\n", lines) + "\n", ct);
            await checkSeriesApplies();
        }
        catch (Exception e)
        {
            foreach (var path in written) File.Delete(path);
            if (seriesBefore is null) File.Delete(SeriesFile);
            else await File.WriteAllTextAsync(SeriesFile, seriesBefore, CancellationToken.None);
            if (folderIsNew) Directory.Delete(patchesDirectory, recursive: true);
            if (e is Engine.BuildFailure failure)
                throw new PatchException($"{failure.Message} (nothing was imported: {folderAsGiven} is as it was)",
                    failure.File, failure.Line);
            throw;
        }
        foreach (var patch in patches)
            Log.Information("Imported {Patch} into {Folder}: {Title}", patch.Name, folderAsGiven,
                Dep3Header.Parse(patch.Text).Title);
    }

    /// <summary>Refuses, before anything is written, a name already in the folder or series, and a header DEP-3 does
    /// not accept.</summary>
    private void Refuse(IReadOnlyList<IncomingPatch> patches)
    {
        var listed = File.Exists(SeriesFile)
            ? QuiltSeriesFile.Parse(File.ReadAllText(SeriesFile), $"{folderAsGiven}/series",
                SeriesFile).Select(e => e.Name).ToHashSet()
            : [];
        foreach (var patch in patches)
        {
            if (listed.Contains(patch.Name) || File.Exists(Path.Combine(patchesDirectory, patch.Name)))
                throw new PatchException($"{patch.Name}: {folderAsGiven} already has a patch of that name; nothing " +
                    $"was imported (rename or remove one of them)");
            if (patches.Count(p => p.Name == patch.Name) > 1)
                throw new PatchException(
                    $"{patch.Name}: the import holds two patches of that name; nothing was imported");
            var missing = Dep3Header.Parse(patch.Text).MissingRequired().ToList();
            if (missing.Count > 0)
                throw new PatchException($"{patch.Name}: DEP-3 header has {string.Join(" and ", missing)}; nothing " +
                    $"was imported");
        }
    }

    [GeneratedRegex(@"^(\d{1,4})-")]
    private static partial Regex LeadingNumber();
}

using System.Text.RegularExpressions;
using OpenH264Build.Processes;
using Serilog;

namespace OpenH264Build.Patching;

/// <summary>
/// Applies a series, in order, to a source tree with GNU patch and no fuzz (as dpkg-source does): a hunk that
/// does not apply exactly fails the build, naming the patch file, the changed file and the hunk.
/// </summary>
public static partial class PatchApplier
{
    public static async Task ApplyAsync(IReadOnlyList<SeriesPatch> series, string sourceTree, CancellationToken ct)
    {
        foreach (var patch in series)
        {
            var result = await HostProgram.RunAsync("patch",
                [$"-p{patch.StripLevel}", "--batch", "--forward", "--fuzz=0", "--no-backup-if-mismatch", "-r", "-",
                    "-d", sourceTree, "-i", patch.Path],
                new() { AllowFailure = true }, ct);
            if (result.ExitCode != 0)
                throw Explain(patch, result.StandardOutput + result.StandardError);
            Log.Information("Applied {Patch}: {Title}", patch.Name, patch.Header.Title);
        }
    }

    /// <summary>Turns patch's report into one line: which hunk of which file failed, and where that hunk is.</summary>
    public static PatchException Explain(SeriesPatch patch, string output)
    {
        var hunks = UnifiedDiffHunks.Parse(patch.Text, patch.StripLevel);
        string? currentFile = null;
        foreach (var line in output.Split('\n'))
        {
            if (PatchingFile().Match(line) is { Success: true } f) currentFile = f.Groups[1].Value.Trim().Trim('\'',
                '"');
            if (HunkFailed().Match(line) is { Success: true } h)
            {
                var number = int.Parse(h.Groups[1].Value);
                var at = h.Groups[2].Value;
                var hunk = hunks.FirstOrDefault(x => x.TargetFile == currentFile && x.Number == number)
                           ?? hunks.Where(x => x.Number == number).FirstOrDefault();
                var header = hunk is null ? "" : $" ({hunk.Header}, line {hunk.LineInPatch} of the patch)";
                return new PatchException(
                    $"Patch {patch.Name} does not apply: hunk #{number}{header} of {currentFile ?? hunk?.TargetFile
                        ?? "?"} FAILED at line {at}",
                    patch.Path, hunk?.LineInPatch);
            }
        }
        if (output.Contains("Reversed (or previously applied) patch detected"))
            return new PatchException(
                $"Patch {patch.Name} does not apply: it is already applied, or reversed, in {currentFile
                    ?? "the source"}", patch.Path, 1);
        if (CantFind().Match(output) is { Success: true } m)
            return new PatchException($"Patch {patch.Name} does not apply: {m.Value.Trim()}", patch.Path, 1);
        return new PatchException($"Patch {patch.Name} does not apply: {HostProgram.LastLine(output)}", patch.Path, 1);
    }

    [GeneratedRegex(@"^(?:patching|checking) file (.+)$", RegexOptions.Multiline)]
    private static partial Regex PatchingFile();

    [GeneratedRegex(@"Hunk #(\d+) FAILED at (\d+)")]
    private static partial Regex HunkFailed();

    [GeneratedRegex(@"can't find file to patch.*|No file to patch.*")]
    private static partial Regex CantFind();
}

using System.Text.RegularExpressions;
using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Patching;

/// <summary>What a ./build.sh run of these tests left to check: its exit code, everything it printed, and the patches.json it wrote.</summary>
internal sealed record PatchRun(int ExitCode, string Output, string? PatchesJson);

/// <summary>
/// The one place these tests run ./build.sh. The patches.json is read at once, from the path the Patch target
/// logs, so the tests do not depend on which tree the run happened in (each run has a tree of its own, removed after it).
/// </summary>
internal static partial class PatchPipeline
{
    public static async Task<PatchRun> RunAsync(params string[] args)
    {
        using var tree = await TestTree.CreateAsync();
        var run = await tree.BuildAsync(args);
        var output = run.StandardOutput + run.StandardError;
        var report = ReportLine().Match(output) is { Success: true } m && File.Exists(m.Groups[1].Value) ? await File.ReadAllTextAsync(m.Groups[1].Value) : null;
        return new PatchRun(run.ExitCode, output, report);
    }

    [GeneratedRegex(@"Patch list with upstream links: (\S+patches\.json)")]
    private static partial Regex ReportLine();
}

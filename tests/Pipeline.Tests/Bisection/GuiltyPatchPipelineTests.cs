using System.Text.Json.Nodes;
using CliWrap.Buffered;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Bisection;

/// <summary>
/// Compat and Abi name the guilty patch, end to end through ./build.sh: a series of three real patches where only the
/// second drifts (Compat/Fixtures/9001-*: on aarch64 only, a luma shift of macroblock column 3 from picture 180 on) or
/// breaks the ABI (a field added to SBufferInfo), between two comments in other files. Each probe really compiles its
/// prefix for the failing arch and checks it (for Compat: decodes the failing stream, under qemu for aarch64). The
/// drifting series' run is <see cref="DriftSeriesRun"/>, shared with the reproducer bundle's test.
/// </summary>
[Collection("Pipeline")]
public sealed class GuiltyPatchPipelineTests(DriftSeriesRun drift) : Spine.PipelineTreeTest("guilty-patch-pipeline")
{
    private const string Drift = DriftSeriesRun.Drift;
    private const string DriftFile = "codec/decoder/plus/src/welsDecoderExt.cpp";
    [Fact]
    public async Task Of_three_patches_where_only_the_second_drifts_the_report_and_the_failure_name_the_second_and_its_hunk()
    {
        var (exitCode, output) = await drift.RunAsync();
        var reports = drift.Tree.Reports;
        Assert.True(exitCode != 0, output);

        // The failure line still names what differs, and now also the patch and hunk it comes from.
        var failure = output.Split('\n').Single(l => l.Contains("Compat failed:"));
        Assert.Contains("on aarch64: cb-cavlc-long-single-idr (decode): differs from baseline from frame 180, plane Y", failure);
        Assert.Contains($"drift appears with {Drift} (hunk 2, {DriftFile})", failure);

        // Each probe is logged: the first patch alone passes, the first two drift; of the drifting patch's two hunks, the first passes.
        Assert.Contains("bisect: 1 of 3 patches: pass", output);
        Assert.Contains("bisect: 2 of 3 patches: drift from frame 180", output);
        Assert.Contains($"bisect: {Drift} with 1 of 2 hunks: pass", output);
        Assert.DoesNotContain("bisect: 3 of 3", output); // the whole series is the candidate that failed: not probed again
        Assert.DoesNotContain("bisect: 0 of 3", output); // no patch is the baseline itself

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(reports, "compat-aarch64.json")))!;
        Assert.Equal("fail", (string?)json["verdict"]);
        var guilty = json["guiltyPatch"]!;
        Assert.Equal(Drift, (string?)guilty["name"]);
        Assert.Equal(2, (int?)guilty["hunk"]);
        Assert.Equal([DriftFile], guilty["files"]!.AsArray().Select(f => (string)f!));

        // The top of the Markdown report: right under its title.
        var markdown = File.ReadAllLines(Path.Combine(reports, "compat-aarch64.md"));
        Assert.Equal("## Compatibility aarch64: FAIL", markdown[0]);
        Assert.StartsWith($"**drift appears with {Drift} (hunk 2, {DriftFile})**", markdown[2]);
    }

    [Fact]
    public async Task Of_three_patches_where_only_the_second_breaks_the_ABI_the_Abi_report_and_failure_name_the_second()
    {
        const string Break = "0002-test-grow-sbufferinfo.patch";
        var run = await RunWithSeriesAsync("abi-x86_64", ["Abi", "--arch", "x86_64"],
            ["0001-test-comment-in-the-decoder-core.patch", Break, "0003-test-comment-in-the-encoder.patch"]);
        var output = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode != 0, output);

        var failure = output.Split('\n').Single(l => l.Contains("Abi failed:"));
        Assert.Contains("x86_64 is not an ABI drop-in", failure);
        Assert.Contains($"the ABI failure appears with {Break} (hunk 1, codec/api/wels/codec_def.h)", failure);
        // Against unpatched upstream the empty series is probed too: a policy may fail upstream itself.
        Assert.Contains("bisect: 0 of 3 patches: pass", output);
        Assert.Contains("bisect: 1 of 3 patches: pass", output);
        Assert.Matches("bisect: 2 of 3 patches: (?!pass)", output);

        var guilty = JsonNode.Parse(File.ReadAllText(Path.Combine(Reports, "abi-x86_64.json")))!["guiltyPatch"]!;
        Assert.Equal((Break, 1), ((string?)guilty["name"], (int?)guilty["hunk"]));
        Assert.StartsWith($"**the ABI failure appears with {Break} (hunk 1, codec/api/wels/codec_def.h)**", File.ReadAllLines(Path.Combine(Reports, "abi-x86_64.md"))[2]);
    }

    /// <summary>./build.sh with a series made of the given fixture patches, in order; the named report is removed first.</summary>
    private async Task<BufferedCommandResult> RunWithSeriesAsync(string report, string[] arguments, string[] patches)
    {
        var folder = Path.Combine(Scratch, "patches");
        Directory.CreateDirectory(folder);
        foreach (var patch in patches)
        {
            var fixture = Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Bisection", "Fixtures", patch);
            if (!File.Exists(fixture)) fixture = Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Compat", "Fixtures", patch);
            File.Copy(fixture, Path.Combine(folder, patch));
        }
        File.WriteAllLines(Path.Combine(folder, "series"), patches);

        // The tree is new: no report of an earlier run can pass for this one's.
        Assert.False(File.Exists(Path.Combine(Reports, report + ".json")));
        return await Tree.BuildAsync([.. arguments, "--patches", folder]);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using CliWrap.Buffered;
using OpenH264Build.Patching;
using OpenH264Build.Publishing;
using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Patching;

/// <summary>
/// A distribution's real series through the pipeline: Debian's debian/patches for the pinned source (five patches
/// written by gbp pq, with From/Subject/Forwarded/Origin headers and free-form bodies, one of them the same CVE fix
/// as the project's own patch) must apply with <c>./build.sh --patches</c>, and every patch must show in the report
/// and the release notes with its upstream links.
/// </summary>
[Collection("Pipeline")]
public partial class DebianSeriesTests(DebianPatchSeries debian) : IClassFixture<DebianPatchSeries>
{
    private static readonly string[] DebianPatches =
        ["Add-x32-build-flavour.patch", "Correct-.pc-s-libdir.patch", "Do-not-generate-version-from-git.patch", "Prevent-building-armel-with-NEON.patch", "CVE-2025-27091.patch"];

    /// <summary>The patches.json the run wrote, found by the path the Patch target logs.</summary>
    internal static JsonElement PatchesJson(BufferedCommandResult run)
    {
        var path = ReportLine().Match(run.StandardOutput + run.StandardError);
        Assert.True(path.Success, "the run did not log where it wrote patches.json:\n" + run.StandardOutput);
        return JsonDocument.Parse(File.ReadAllText(path.Groups[1].Value.Trim())).RootElement;
    }

    [Fact]
    public async Task Debians_series_applies_with_build_sh_and_every_patch_is_in_the_report_with_its_links()
    {
        using var tree = await TestTree.CreateAsync();
        var run = await tree.BuildAsync("Patch", "--patches", debian.Folder);
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        foreach (var name in DebianPatches) Assert.Contains($"Series: {name}: ", run.StandardOutput);
        Assert.Contains("Series: Add-x32-build-flavour.patch: FTBFS on x32 architecture [forwarded https://github.com/cisco/openh264/issues/3545]", run.StandardOutput);

        var report = PatchesJson(run);
        Assert.Equal(debian.Folder, report.GetProperty("folder").GetString());
        var patches = report.GetProperty("patches").EnumerateArray().ToList();
        Assert.Equal(DebianPatches, patches.Select(p => p.GetProperty("name").GetString()));
        Assert.All(patches, p => Assert.False(string.IsNullOrEmpty(p.GetProperty("subject").GetString())));
        string Links(int i) => string.Join(" ", patches[i].GetProperty("links").EnumerateArray().Select(l => $"{l.GetProperty("kind").GetString()}={l.GetProperty("url").GetString()}"));
        Assert.Equal("forwarded=https://github.com/cisco/openh264/issues/3545", Links(0));
        Assert.Equal("origin=https://github.com/cisco/openh264/commit/63db555e30986e3a5f07871368dc90ae78c27449", Links(4));
        Assert.Equal("Potential bug fix (#3818)", patches[4].GetProperty("subject").GetString());
        Assert.StartsWith("DEP-3: no Forwarded field", patches[3].GetProperty("warnings")[0].GetString());
        Assert.Contains("DEP-3: no Forwarded field (recommended)", run.StandardOutput);
    }

    [Fact]
    public async Task Debians_series_compiles_and_passes_Abi_and_Compat_on_x86_64()
    {
        using var tree = await TestTree.CreateAsync();
        var run = await tree.BuildAsync("Abi", "Compat", "--arch", "x86_64", "--patches", debian.Folder);
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains("ABI x86_64: PASS", run.StandardOutput);
        Assert.Matches(@"Compat\s+succeeded", run.StandardOutput);
    }

    [Fact]
    public void The_release_notes_name_every_Debian_patch_and_link_the_x32_issue_it_was_forwarded_to()
    {
        var notes = ReleaseNotes.Write(new ReleaseNotesInput(ReleaseTag.Parse("2.3.1-1"), new GitHubRepository("example", "openh264"),
            GitHubEndpoint.Public, PatchSeries.Load(debian.Folder), new Dictionary<string, UpstreamStatus>(), [],
            new DistInspection { Files = [], Checksums = [], TrustedComment = "version=2.3.1-1" }));
        foreach (var name in DebianPatches) Assert.Contains($"### `{name}`", notes);
        Assert.Contains("### `Add-x32-build-flavour.patch`: FTBFS on x32 architecture", notes);
        Assert.Contains("- Forwarded upstream: <https://github.com/cisco/openh264/issues/3545>", notes);
        Assert.Contains("- Origin: <https://github.com/cisco/openh264/commit/63db555e30986e3a5f07871368dc90ae78c27449>", notes);
        Assert.Contains("- Author: Bastian Germann &lt;bage@debian.org&gt;", notes);
    }

    [GeneratedRegex(@"Patch list with upstream links: (\S+patches\.json)")]
    private static partial Regex ReportLine();
}

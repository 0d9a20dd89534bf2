using System.Text.Json;
using OpenH264Build.Git;
using OpenH264Build.Patching;
using OpenH264Build.Publishing;
using OpenH264Build.Versioning;

namespace OpenH264Build.Tests.Patching;

/// <summary>
/// A distribution's real series through the pipeline: Debian's debian/patches for the pinned source (five patches
/// written by gbp pq, with From/Subject/Forwarded/Origin headers and free-form bodies, one of them the same CVE fix
/// as the project's own patch) must apply with <c>./build.sh --patches</c>, and every patch must show in the report
/// and the release notes with its upstream links.
/// </summary>
[Collection("Pipeline")]
public class DebianSeriesTests(DebianPatchSeries debian) : IClassFixture<DebianPatchSeries>
{
    private static readonly string[] DebianPatches =
        ["Add-x32-build-flavour.patch", "Correct-.pc-s-libdir.patch", "Do-not-generate-version-from-git.patch", "Prevent-building-armel-with-NEON.patch", "CVE-2025-27091.patch"];

    [Fact]
    public async Task Debians_series_applies_with_build_sh_and_every_patch_is_in_the_report_with_its_links()
    {
        var run = await PatchPipeline.RunAsync("Patch", "--patches", debian.Folder);
        Assert.True(run.ExitCode == 0, run.Output);
        foreach (var name in DebianPatches) Assert.Contains($"Series: {name}: ", run.Output);
        Assert.Contains("Series: Add-x32-build-flavour.patch: FTBFS on x32 architecture [forwarded https://github.com/cisco/openh264/issues/3545]", run.Output);

        Assert.True(run.PatchesJson is not null, "the run did not log where it wrote patches.json:\n" + run.Output);
        var report = JsonDocument.Parse(run.PatchesJson).RootElement;
        Assert.Equal(debian.Folder, report.GetProperty("folder").GetString());
        var patches = report.GetProperty("patches").EnumerateArray().ToList();
        Assert.Equal(DebianPatches, patches.Select(p => p.GetProperty("name").GetString()));
        Assert.All(patches, p => Assert.False(string.IsNullOrEmpty(p.GetProperty("subject").GetString())));
        string Links(int i) => string.Join(" ", patches[i].GetProperty("links").EnumerateArray().Select(l => $"{l.GetProperty("kind").GetString()}={l.GetProperty("url").GetString()}"));
        Assert.Equal("forwarded=https://github.com/cisco/openh264/issues/3545", Links(0));
        Assert.Equal("origin=https://github.com/cisco/openh264/commit/63db555e30986e3a5f07871368dc90ae78c27449", Links(4));
        Assert.Equal("Potential bug fix (#3818)", patches[4].GetProperty("subject").GetString());
        Assert.StartsWith("DEP-3: no Forwarded field", patches[3].GetProperty("warnings")[0].GetString());
        Assert.Contains("DEP-3: no Forwarded field (recommended)", run.Output);
    }

    [Fact]
    public async Task Debians_series_compiles_and_passes_Abi_and_Compat_on_x86_64()
    {
        // The corpus, not the soak: Debian's series changes no picture, and the soak's promise is SoakCompatTests'.
        var run = await PatchPipeline.RunAsync("Abi", "Compat", "--arch", "x86_64", "--compat-quick", "--patches", debian.Folder);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("ABI x86_64: PASS", run.Output);
        Assert.Matches(@"Compat\s+succeeded", run.Output);
    }

    [Fact]
    public void The_release_notes_name_every_Debian_patch_and_link_the_x32_issue_it_was_forwarded_to()
    {
        var notes = ReleaseNotes.Write(new ReleaseNotesInput(ReleaseTag.Parse("2.3.1-1"), new GitHubRepository("example", "openh264"),
            GitHubEndpoint.Public, PatchSeries.Load(debian.Folder), new Dictionary<string, UpstreamStatus>(), [],
            new OpenH264Build.Dist.DistFolder()));
        foreach (var name in DebianPatches) Assert.Contains($"### `{name}`", notes);
        Assert.Contains("### `Add-x32-build-flavour.patch`: FTBFS on x32 architecture", notes);
        Assert.Contains("- Forwarded upstream: <https://github.com/cisco/openh264/issues/3545>", notes);
        Assert.Contains("- Origin: <https://github.com/cisco/openh264/commit/63db555e30986e3a5f07871368dc90ae78c27449>", notes);
        Assert.Contains("- Author: Bastian Germann &lt;bage@debian.org&gt;", notes);
    }
}

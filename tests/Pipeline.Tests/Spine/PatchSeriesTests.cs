using OpenH264Build.Patching;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Spine;

public class PatchSeriesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "patch-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public PatchSeriesTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    private const string Header = """
        Description: Fix the frobnicator
         It overflowed when the input was long.
         .
         Second paragraph.
        Author: Jane Doe <jane@example.org>
        Origin: upstream, https://github.com/cisco/openh264/commit/abc
        Bug: https://github.com/cisco/openh264/issues/1
        Bug: https://github.com/cisco/openh264/issues/2
        Forwarded: no
        Last-Update: 2026-01-02
        ---
        """;

    [Fact]
    public void Dep3_header_fields_continuations_and_repeated_bugs_are_read()
    {
        var header = Dep3Header.Parse(Header + "\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n");
        Assert.Equal("Fix the frobnicator", header.Title);
        Assert.Equal("Fix the frobnicator\nIt overflowed when the input was long.\n\nSecond paragraph.", header.Description);
        Assert.Equal("Jane Doe <jane@example.org>", header.Author);
        Assert.Equal(["https://github.com/cisco/openh264/issues/1", "https://github.com/cisco/openh264/issues/2"], header.Bugs);
        Assert.False(header.IsForwarded);
        Assert.Empty(header.MissingRequired());
    }

    [Fact]
    public void The_projects_own_series_has_complete_headers_and_links_the_upstream_fix()
    {
        var series = PatchSeries.Load(Path.Combine(RepositoryPaths.Root, "native", "patches"));
        var cve = Assert.Single(series, p => p.Name.Contains("CVE-2025-27091"));
        Assert.Contains("https://github.com/cisco/openh264/pull/3818", cve.Header.Bugs);
        Assert.Equal(64, cve.Sha256.Length);
    }

    [Fact]
    public void A_patch_without_what_DEP3_requires_is_refused_naming_it()
    {
        File.WriteAllText(Path.Combine(_dir, "series"), "0001-x.patch\n");
        File.WriteAllText(Path.Combine(_dir, "0001-x.patch"), "Forwarded: no\n---\n--- a/x\n+++ b/x\n");
        var e = Assert.Throws<PatchException>(() => PatchSeries.Load(_dir));
        Assert.Equal("0001-x.patch: DEP-3 header has no Description (or Subject) field and no Origin field, and no Author (or From) field that would stand for it", e.Message);
    }

    [Fact]
    public void A_series_entry_without_its_file_names_the_line()
    {
        File.WriteAllText(Path.Combine(_dir, "series"), "# comment\n\nmissing.patch -p1\n");
        var e = Assert.Throws<PatchException>(() => PatchSeries.Load(_dir));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("missing.patch", e.Message);
    }

    [Fact]
    public async Task A_hunk_that_does_not_apply_names_the_patch_the_file_and_the_hunk()
    {
        var tree = Path.Combine(_dir, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "src"));
        await File.WriteAllTextAsync(Path.Combine(tree, "src", "a.c"), string.Join("\n", Enumerable.Range(1, 40).Select(i => $"line {i}")) + "\n");
        var patches = Path.Combine(_dir, "patches");
        Directory.CreateDirectory(patches);
        await File.WriteAllTextAsync(Path.Combine(patches, "series"), "0001-good.patch\n0002-bad.patch\n");
        await File.WriteAllTextAsync(Path.Combine(patches, "0001-good.patch"), Header + """

            --- a/src/a.c
            +++ b/src/a.c
            @@ -2,3 +2,3 @@
             line 2
            -line 3
            +line three
             line 4

            """);
        await File.WriteAllTextAsync(Path.Combine(patches, "0002-bad.patch"), Header + """

            --- a/src/a.c
            +++ b/src/a.c
            @@ -9,3 +9,3 @@
             line 9
            -line 10
            +line ten
             line 11
            @@ -30,3 +30,3 @@
             line 30
            -line 31 that is not there
            +line 31
             line 32

            """);
        var series = PatchSeries.Load(patches);
        var e = await Assert.ThrowsAsync<PatchException>(() => PatchApplier.ApplyAsync(series, tree, default));
        Assert.Contains("0002-bad.patch", e.Message);
        Assert.Contains("hunk #2", e.Message);
        Assert.Contains("@@ -30,3 +30,3 @@", e.Message);
        Assert.Contains("src/a.c", e.Message);
        Assert.EndsWith("0002-bad.patch", e.File);
        var badText = await File.ReadAllLinesAsync(Path.Combine(patches, "0002-bad.patch"));
        Assert.Equal(Array.IndexOf(badText, "@@ -30,3 +30,3 @@") + 1, e.Line);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("line three", await File.ReadAllTextAsync(Path.Combine(tree, "src", "a.c")));
    }
}

using OpenH264Build.Patching;

namespace OpenH264Build.Tests.Patching;

/// <summary>A series folder read as quilt reads it, and each way it can be wrong refused in one line naming what is wrong.</summary>
public class QuiltSeriesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("quilt-series-").FullName;
    private string Folder => Path.Combine(_root, "my-patches");

    public void Dispose() => Directory.Delete(_root, true);

    private const string Diff = "--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-a\n+b\n";
    private const string Good = "Description: Good\nAuthor: A <a@example.org>\nForwarded: no\n---\n" + Diff;

    private void Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private PatchException Refused(string series)
    {
        Write("series", series);
        var e = Assert.Throws<PatchException>(() => PatchSeries.Read(Folder, "my-patches"));
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void Comments_blank_lines_strip_options_and_sub_folders_are_read_as_quilt_does()
    {
        Write("a.patch", Good);
        Write("debian/b.patch", Good);
        Write("c#1.patch", Good);
        Write("notes.txt", "not a patch");
        Write("series", "# the series\n\n  a.patch -p1   # first\ndebian/b.patch -p0\nc#1.patch -p 2\n");
        var series = PatchSeries.Read(Folder, "my-patches");
        Assert.Equal(["a.patch", "debian/b.patch", "c#1.patch"], series.Patches.Select(p => p.Name));
        Assert.Equal([1, 0, 2], series.Patches.Select(p => p.StripLevel));
        Assert.Equal("my-patches", series.Folder);
        Assert.Equal("my-patches/notes.txt is not listed in series: quilt leaves it out, and so does this build", Assert.Single(series.Warnings));
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_named_as_given()
    {
        var e = Assert.Throws<PatchException>(() => PatchSeries.Read(Folder, "my-patches"));
        Assert.Equal("patches folder my-patches does not exist", e.Message);
    }

    [Fact]
    public void A_folder_without_series_is_an_error()
    {
        Write("a.patch", Good);
        var e = Assert.Throws<PatchException>(() => PatchSeries.Read(Folder, "my-patches"));
        Assert.Equal("my-patches has no series file: list the patches there, one a line, in the order they apply", e.Message);
    }

    [Fact]
    public void An_empty_series_is_an_error() =>
        Assert.Equal("my-patches/series lists no patch: a build without patches would ship upstream unchanged", Refused("# nothing yet\n\n").Message);

    [Fact]
    public void A_listed_patch_that_is_missing_is_named() =>
        Assert.Equal("my-patches/series line 2: patch 'gone.patch' does not exist in my-patches", Refused("\ngone.patch\n").Message);

    [Fact]
    public void A_reverse_option_is_refused_not_ignored()
    {
        Write("a.patch", Good);
        Assert.Equal("my-patches/series line 1 (a.patch): option '-R' (apply in reverse) is not supported: this pipeline applies patches forward with -pN only",
            Refused("a.patch -R\n").Message);
        Assert.Contains("option '--fuzz=3'", Refused("a.patch -p1 --fuzz=3\n").Message);
    }

    [Fact]
    public void A_patch_outside_the_folder_or_listed_twice_is_refused()
    {
        Write("a.patch", Good);
        Assert.Equal("my-patches/series line 1 (../a.patch): a patch must be a path inside the patches folder", Refused("../a.patch\n").Message);
        Assert.Equal("my-patches/series line 2 (a.patch): the patch is listed twice (also on line 1)", Refused("a.patch\na.patch\n").Message);
    }

    [Fact]
    public void A_patch_without_a_description_is_named()
    {
        Write("a.patch", "Author: A\n---\n" + Diff);
        Assert.Equal("a.patch: DEP-3 header has no Description (or Subject) field", Refused("a.patch\n").Message);
    }

    [Fact]
    public void A_patch_without_origin_or_author_is_named()
    {
        Write("a.patch", "Description: x\nForwarded: no\n---\n" + Diff);
        Assert.Equal("a.patch: DEP-3 header has no Origin field, and no Author (or From) field that would stand for it", Refused("a.patch\n").Message);
    }

    [Fact]
    public void A_patch_without_a_diff_is_named()
    {
        Write("a.patch", "Description: x\nAuthor: A\n\nJust words.\n");
        Assert.Equal("a.patch: no diff found (no 'diff', 'Index:' or '---'/'+++' lines after the header)", Refused("a.patch\n").Message);
    }

    [Fact]
    public void Each_patch_carries_its_links_and_warnings_into_patches_json()
    {
        Write("0001-x32.patch", Dep3HeaderTests.GbpPatch);
        Write("0002-neon.patch", "From: B <b@example.org>\nSubject: Prevent building armel with NEON\n\n---\n" + Diff);
        Write("series", "0001-x32.patch\n0002-neon.patch\n");
        var json = System.Text.Json.JsonDocument.Parse(PatchesReport.Render(PatchSeries.Read(Folder, "my-patches"))).RootElement;
        Assert.Equal("my-patches", json.GetProperty("folder").GetString());
        var patches = json.GetProperty("patches").EnumerateArray().ToList();
        Assert.Equal("0001-x32.patch", patches[0].GetProperty("name").GetString());
        Assert.Equal("FTBFS on x32 architecture", patches[0].GetProperty("subject").GetString());
        Assert.Equal("Laurent Bigonville <bigon@debian.org>", patches[0].GetProperty("author").GetString());
        var link = Assert.Single(patches[0].GetProperty("links").EnumerateArray());
        Assert.Equal("forwarded", link.GetProperty("kind").GetString());
        Assert.Equal("https://github.com/cisco/openh264/issues/3545", link.GetProperty("url").GetString());
        Assert.Empty(patches[0].GetProperty("warnings").EnumerateArray());
        Assert.StartsWith("DEP-3: no Forwarded field (recommended)", patches[1].GetProperty("warnings")[0].GetString());
    }
}

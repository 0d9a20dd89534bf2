using OpenH264Build.Patching;

namespace OpenH264Build.Tests.Patching;

/// <summary>The importer's own promises, without a source tree: how patches are named, and that a refusal changes nothing.</summary>
public class PatchImporterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("patch-importer-").FullName;
    private string Folder => Path.Combine(_root, "patches");

    public void Dispose() => Directory.Delete(_root, true);

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

    private void SeriesOf(string text)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, "series"), text);
        File.WriteAllText(Path.Combine(Folder, "0007-mine.patch"), "Description: mine\nAuthor: me\n---\n--- a/x\n+++ b/x\n");
    }

    [Fact]
    public async Task An_mbox_of_several_patches_is_split_and_named_as_git_names_them_numbered_after_the_series()
    {
        SeriesOf("# mine\n0007-mine.patch\n");
        var importer = new PatchImporter(Folder, "patches");
        var incoming = await IncomingPatches.ReadAsync(Dep3HeaderTests.Fixture("github-pull-request.patch"), importer.NextNumber(), default);
        Assert.Equal(["0008-Document-that-the-decoder-stops-at-an-unconcealed-er.patch", "0009-decoder-say-why-macros.h-is-not-included.patch"], incoming.Select(p => p.Name));
        Assert.StartsWith("From 1b55427223391bb1dd3a29c2335f53143f535202 Mon Sep 17 00:00:00 2001\n", incoming[1].Text);
        Assert.EndsWith("-- \n2.39.5\n", incoming[1].Text);
    }

    [Fact]
    public async Task A_patch_without_a_DEP3_description_is_refused_before_anything_is_written()
    {
        SeriesOf("0007-mine.patch\n");
        var before = Snapshot();
        var e = await Assert.ThrowsAsync<PatchException>(() => new PatchImporter(Folder, "patches")
            .ImportAsync([new IncomingPatch("0008-bare.patch", "--- a/x\n+++ b/x\n")], () => Task.CompletedTask, default));
        Assert.Equal("0008-bare.patch: DEP-3 header has no Description (or Subject) field and no Origin field, and no Author (or From) field that would stand for it; nothing was imported", e.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_failed_check_undoes_the_import_and_a_folder_it_made()
    {
        SeriesOf("0007-mine.patch");
        var before = Snapshot();
        var patch = new IncomingPatch("sub/0008-x.patch", "Subject: x\nFrom: me\n---\n--- a/x\n+++ b/x\n", 0);
        var e = await Assert.ThrowsAsync<PatchException>(() => new PatchImporter(Folder, "patches")
            .ImportAsync([patch], () => throw new PatchException("Patch sub/0008-x.patch does not apply: hunk #1 FAILED"), default));
        Assert.Equal("Patch sub/0008-x.patch does not apply: hunk #1 FAILED (nothing was imported: patches is as it was)", e.Message);
        Assert.Equal(before, Snapshot());

        var fresh = Path.Combine(_root, "new");
        await Assert.ThrowsAsync<PatchException>(() => new PatchImporter(fresh, "new").ImportAsync([patch], () => throw new PatchException("no"), default));
        Assert.False(Directory.Exists(fresh));
    }

    [Fact]
    public async Task An_import_appends_to_series_with_its_strip_level()
    {
        SeriesOf("0007-mine.patch");
        await new PatchImporter(Folder, "patches").ImportAsync([new IncomingPatch("0008-x.patch", "Subject: x\nFrom: me\n---\n", 0)], () => Task.CompletedTask, default);
        Assert.Equal("0007-mine.patch\n0008-x.patch -p0\n", File.ReadAllText(Path.Combine(Folder, "series")));
    }
}

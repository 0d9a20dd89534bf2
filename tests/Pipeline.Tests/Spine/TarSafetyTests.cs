using ICSharpCode.SharpZipLib.Tar;
using OpenH264Build.Archives;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Spine;

public class TarSafetyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tar-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public TarSafetyTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    private static MemoryStream Tar(params (string Name, byte Type, string? Link)[] entries)
    {
        var stream = new MemoryStream();
        using (var tar = new TarOutputStream(stream, System.Text.Encoding.UTF8) { IsStreamOwner = false })
        {
            foreach (var (name, type, link) in entries)
            {
                var entry = TarEntry.CreateTarEntry(name);
                entry.TarHeader.TypeFlag = type;
                if (link is not null) entry.TarHeader.LinkName = link;
                var content = type == TarHeader.LF_NORMAL ? "data"u8.ToArray() : [];
                entry.Size = content.Length;
                tar.PutNextEntry(entry);
                tar.Write(content, 0, content.Length);
                tar.CloseEntry();
            }
        }
        stream.Position = 0;
        return stream;
    }

    [Theory]
    [InlineData("/etc/passwd", TarHeader.LF_NORMAL, null, "absolute")]
    [InlineData("../escape.txt", TarHeader.LF_NORMAL, null, "..")]
    [InlineData("a/../../escape.txt", TarHeader.LF_NORMAL, null, "..")]
    [InlineData("link", TarHeader.LF_SYMLINK, "/etc", "outside")]
    [InlineData("link", TarHeader.LF_SYMLINK, "../../etc", "outside")]
    [InlineData("hard", TarHeader.LF_LINK, "/etc/passwd", "hard links")]
    public void Entries_that_would_leave_the_folder_are_refused(string name, byte type, string? link, string why)
    {
        var target = Path.Combine(_dir, "out");
        var e = Assert.Throws<BuildFailure>(() => SafeTarExtractor.Extract(Tar((name, type, link)), target));
        Assert.Contains(name, e.Message);
        Assert.Contains(why, e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "escape.txt")));
    }

    [Theory]
    [InlineData(TarHeader.LF_CHR)]
    [InlineData(TarHeader.LF_BLK)]
    [InlineData(TarHeader.LF_FIFO)]
    public void Device_and_fifo_entries_are_passed_over_never_created_and_the_rest_is_extracted(byte type)
    {
        // SharpZipLib's reader passes over these entry types: nothing is made of them, and the archive's files still come out.
        var target = Path.Combine(_dir, "out");
        SafeTarExtractor.Extract(Tar(("special", type, null), ("ok.txt", TarHeader.LF_NORMAL, null)), target);
        Assert.False(Path.Exists(Path.Combine(target, "special")));
        Assert.Equal("data", File.ReadAllText(Path.Combine(target, "ok.txt")));
    }

    [Fact]
    public void A_hard_link_entry_is_refused_naming_it()
    {
        var target = Path.Combine(_dir, "out");
        var e = Assert.Throws<BuildFailure>(() => SafeTarExtractor.Extract(Tar(("ok.txt", TarHeader.LF_NORMAL, null), ("hard", TarHeader.LF_LINK, "ok.txt")), target));
        Assert.Contains("hard", e.Message);
        Assert.Contains("hard links, devices and fifos are not accepted", e.Message);
        Assert.False(Path.Exists(Path.Combine(target, "hard")));
    }

    [Fact]
    public void A_file_written_through_a_link_planted_earlier_is_refused()
    {
        var target = Path.Combine(_dir, "out");
        Directory.CreateDirectory(Path.Combine(_dir, "elsewhere"));
        var e = Assert.Throws<BuildFailure>(() => SafeTarExtractor.Extract(
            Tar(("sub", TarHeader.LF_DIR, null), ("sub/inner", TarHeader.LF_SYMLINK, "."), ("sub/inner/x.txt", TarHeader.LF_NORMAL, null),
                ("up", TarHeader.LF_SYMLINK, "sub"), ("up/y.txt", TarHeader.LF_NORMAL, null)), target));
        Assert.Contains("symbolic link", e.Message);
    }

    [Fact]
    public void A_chain_of_links_that_climbs_out_is_refused_before_anything_is_written_outside()
    {
        // a -> . makes a the folder itself; a/up -> .. would then be the folder's parent, and up/x a file beside it.
        var target = Path.Combine(_dir, "out");
        var e = Assert.Throws<BuildFailure>(() => SafeTarExtractor.Extract(
            Tar(("a", TarHeader.LF_SYMLINK, "."), ("a/up", TarHeader.LF_SYMLINK, ".."), ("up/x", TarHeader.LF_NORMAL, null)), target));
        Assert.Contains("a/up", e.Message);
        Assert.Contains("symbolic link", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "x")));
        Assert.False(File.Exists(Path.Combine(target, "up")));
    }

    [Fact]
    public void A_link_that_leaves_only_through_a_later_link_is_refused_and_removed()
    {
        // Each target stays inside when read as text; through c -> . the link b -> c/.. is the folder's parent.
        var target = Path.Combine(_dir, "out");
        var e = Assert.Throws<BuildFailure>(() => SafeTarExtractor.Extract(
            Tar(("b", TarHeader.LF_SYMLINK, "c/.."), ("c", TarHeader.LF_SYMLINK, ".")), target));
        Assert.Contains("'b'", e.Message);
        Assert.Contains("through other links", e.Message);
        Assert.Null(new FileInfo(Path.Combine(target, "b")).LinkTarget);
        Assert.False(File.Exists(Path.Combine(target, "b")) || Directory.Exists(Path.Combine(target, "b")));
    }

    [Fact]
    public void A_folder_entry_beneath_a_link_is_refused()
    {
        var target = Path.Combine(_dir, "out");
        var e = Assert.Throws<BuildFailure>(() => SafeTarExtractor.Extract(
            Tar(("a", TarHeader.LF_SYMLINK, "."), ("a/made", TarHeader.LF_DIR, null)), target));
        Assert.Contains("symbolic link", e.Message);
        Assert.False(Directory.Exists(Path.Combine(target, "made")));
    }

    [Fact]
    public void Ordinary_files_folders_and_inner_links_are_extracted()
    {
        var target = Path.Combine(_dir, "out");
        var count = SafeTarExtractor.Extract(Tar(("top/", TarHeader.LF_DIR, null), ("top/lib/", TarHeader.LF_DIR, null),
            ("top/lib/libx.so.1.2.3", TarHeader.LF_NORMAL, null), ("top/lib/libx.so.1", TarHeader.LF_SYMLINK, "libx.so.1.2.3")), target, "top/");
        Assert.Equal(3, count);
        Assert.Equal("data", File.ReadAllText(Path.Combine(target, "lib", "libx.so.1")));
    }

    [Fact]
    public void An_entry_outside_the_expected_top_folder_is_refused()
    {
        var e = Assert.Throws<BuildFailure>(() => SafeTarExtractor.Extract(Tar(("other/x", TarHeader.LF_NORMAL, null)), Path.Combine(_dir, "out"), "top/"));
        Assert.Contains("top/", e.Message);
    }

    [Fact]
    public void Reproducible_tarballs_are_byte_identical_whatever_the_file_times()
    {
        var file = Path.Combine(_dir, "f.txt");
        File.WriteAllText(file, "content");
        var time = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var a = Path.Combine(_dir, "a.tar.gz");
        var b = Path.Combine(_dir, "b.tar.gz");
        TarWriter.WriteTarGz(a, [TarEntrySource.File("z/f.txt", file), TarEntrySource.Directory("z"), TarEntrySource.Symlink("z/l", "f.txt")], time);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-3));
        Thread.Sleep(1100); // a gzip header with a clock in it would differ now
        TarWriter.WriteTarGz(b, [TarEntrySource.Directory("z"), TarEntrySource.Symlink("z/l", "f.txt"), TarEntrySource.File("z/f.txt", file)], time);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }
}

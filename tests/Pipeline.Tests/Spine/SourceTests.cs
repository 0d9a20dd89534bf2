using OpenH264Build.Containers;
using OpenH264Build.Dist;
using OpenH264Build.Caching;
using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Packaging;
using OpenH264Build.Pipeline;
using OpenH264Build.Source;
using OpenH264Build.Tests.Ci;
using OpenH264Build.Versioning;

namespace OpenH264Build.Tests.Spine;

public class SourceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "source-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public SourceTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Deb822_and_one_line_sources_give_deb_src_entries_with_their_keys()
    {
        var deb822 = AptSources.ParseDeb822("""
            Types: deb
            URIs: http://mirror.example/debian
            Suites: bookworm bookworm-updates
            Components: main contrib
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://other.example/x
            Suites: stable
            Components: main
            Enabled: no
            """).ToList();
        var oneLine = AptSources.ParseOneLine("# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://m.example/debian bookworm main\ndeb-src http://m.example/debian bookworm main\n").ToList();

        Assert.Single(deb822);
        Assert.Single(oneLine);
        var list = AptSources.ToDebSrcList(deb822.Concat(oneLine));
        Assert.Contains("deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian bookworm main contrib", list);
        Assert.Contains("deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example/debian bookworm-updates main contrib", list);
        Assert.Contains("deb-src [signed-by=/k.gpg] http://m.example/debian bookworm main", list);
    }

    [Fact]
    public void The_machines_own_apt_sources_are_found()
    {
        Assert.NotEmpty(AptSources.ReadSystem());
    }

    [Fact]
    public void A_digest_mismatch_names_the_file_and_both_digests()
    {
        var file = Path.Combine(_dir, "openh264.tar.xz");
        File.WriteAllText(file, "not the pinned tarball");
        var expected = new string('a', 64);
        var e = Assert.Throws<DigestMismatchException>(() => SourceFetcher.Verify(file, expected, "test origin"));
        Assert.Contains("openh264.tar.xz", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains(OpenH264Build.Util.Sha256.OfFile(file), e.Message);
    }

    [Fact]
    public async Task A_cached_tarball_whose_digest_changed_is_fetched_again_and_a_bad_origin_is_named()
    {
        var pin = new SourcePin("x", "1.0.0", new string('b', 64), "x.tar.gz", "x-1.0.0", [new SourceOrigin(null, null, "http://127.0.0.1:9/x.tar.gz", null)]);
        var fetcher = new SourceFetcher(pin, _dir);
        Directory.CreateDirectory(Path.GetDirectoryName(fetcher.CachedPath)!);
        File.WriteAllText(fetcher.CachedPath, "tampered");
        var e = await Assert.ThrowsAsync<BuildFailure>(() => fetcher.FetchAsync(default));
        Assert.Contains("http://127.0.0.1:9/x.tar.gz", e.Message);
    }

    [Fact]
    public void The_repository_pin_is_complete()
    {
        var pin = SourcePin.Load(Path.Combine(RepositoryPaths.Root, "native", "source.json"));
        Assert.Equal("2.3.1", pin.Version);
        Assert.Equal(64, pin.Sha256.Length);
        Assert.NotEmpty(pin.Origins);
    }

    [Theory]
    [InlineData(new[] { "v2.3.1-1" }, "2.3.1-1", false)]
    [InlineData(new[] { "v2.3.1-12", "other" }, "2.3.1-12", false)]
    [InlineData(new[] { "v2.4.0-1" }, "2.3.1-dev.0123456789ab", true)]
    [InlineData(new string[0], "2.3.1-dev.0123456789ab", true)]
    public void The_version_comes_from_a_release_tag_or_says_development(string[] tags, string expected, bool development)
    {
        var version = ReleaseVersion.FromTags(tags, "2.3.1", "0123456789abcdef");
        Assert.Equal(expected, version.ToString());
        Assert.Equal(development, version.IsDevelopment);
    }

    [Fact]
    public void A_version_for_another_upstream_is_refused()
    {
        var e = Assert.Throws<BuildFailure>(() => ReleaseVersion.Parse("2.4.0-1", "2.3.1"));
        Assert.Contains("2.3.1", e.Message);
    }

    [Fact]
    public async Task A_stage_output_is_made_once_and_a_failed_one_leaves_nothing()
    {
        var cache = new StageCache(_dir);
        var runs = 0;
        var (path, hit) = await cache.GetOrCreateAsync("s", "k1", async o => { runs++; await File.WriteAllTextAsync(Path.Combine(o, "f"), "x"); });
        Assert.False(hit);
        (_, hit) = await cache.GetOrCreateAsync("s", "k1", _ => { runs++; return Task.CompletedTask; });
        Assert.True(hit);
        Assert.Equal(1, runs);
        Assert.Equal("x", File.ReadAllText(Path.Combine(path, "f")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrCreateAsync("s", "k2", _ => throw new InvalidOperationException()));
        Assert.False(cache.Has("s", "k2"));
        Assert.Single(Directory.GetDirectories(Path.Combine(_dir, "s")));
    }

    [Fact]
    public void A_failed_run_leaves_the_previous_dist_and_a_good_one_replaces_it_whole()
    {
        var dist = Path.Combine(_dir, "dist");
        Directory.CreateDirectory(dist);
        File.WriteAllText(Path.Combine(dist, "old.tar.gz"), "old");
        var staging = new DistStaging(Path.Combine(_dir, ".staging", "dist"), dist, Path.Combine(_dir, "dist-partial"),
            DistCompleteness.WhyIncomplete);

        staging.Start();
        File.WriteAllText(Path.Combine(staging.Directory, "half.tar.gz"), "half");
        staging.Abandon();
        Assert.Equal(["old.tar.gz"], Directory.GetFiles(dist).Select(Path.GetFileName));

        staging.Start();
        File.WriteAllText(Path.Combine(staging.Directory, "new.tar.gz"), "new");
        staging.Finish(replaceAnyway: true);
        Assert.Equal(["new.tar.gz"], Directory.GetFiles(dist).Select(Path.GetFileName));
    }
}

using OpenH264Build.Compat;
using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Compat;

public sealed class CorpusManifestTests
{
    [Fact]
    public void The_repository_corpus_covers_the_profiles_the_issue_asks_for()
    {
        var manifest = CorpusManifest.Load(Path.Combine(CompatFixture.RepositoryRoot, "native", "compat", "corpus.json"));
        var x264 = manifest.Streams.Where(s => s.X264 is not null).Select(s => s.X264!).ToList();

        Assert.Contains(x264, r => r.Profile == "baseline");
        Assert.Contains(x264, r => r.Profile == "main");
        Assert.Contains(x264, r => r.Profile == "high");
        Assert.Contains(x264, r => r.Cabac);
        Assert.Contains(x264, r => !r.Cabac);
        Assert.Contains(x264, r => r.Slices > 1);
        Assert.Contains(x264, r => r.Refs > 1);
        Assert.Contains(x264, r => r.Source.Width % 16 != 0 && r.Source.Height % 16 != 0);
        Assert.Contains(x264, r => r.Source.Frames >= 900 && r.Keyint == 0);
        Assert.Contains(manifest.Streams, s => s.OpenH264 is not null);
        Assert.Contains(manifest.Streams, s => s.UsesFfmpegOracle);
    }

    [Fact]
    public void A_real_stream_without_sha256_is_refused_with_one_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"corpus-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "streams": [ { "name": "x", "path": "res/x.264" } ] }""");
        try
        {
            var failure = Assert.Throws<BuildFailure>(() => CorpusManifest.Load(path));
            Assert.Contains("needs its sha256", failure.Message);
            Assert.DoesNotContain("\n", failure.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Fnv1a64_matches_the_published_test_vector()
    {
        // The harness computes the same function in C; "a" is FNV-1a 64's standard check value.
        Assert.Equal(0xaf63dc4c8601ec8cUL, Fnv1a64.Hash("a"u8));
    }
}

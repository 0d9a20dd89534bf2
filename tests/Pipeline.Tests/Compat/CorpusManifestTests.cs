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
    public void Plane_digest_is_xxh64_as_the_harness_computes_it()
    {
        // The standard check values of XXH64 with seed 0, and values of the harness's own C code (h264harness.c) for
        // lengths that take each of its paths: the 32-byte stripes, then 8-, 4- and 1-byte tails.
        Assert.Equal(0xef46db3751d8e999UL, PlaneDigest.Of(""u8));
        Assert.Equal(0xd24ec4f1a98c6e5bUL, PlaneDigest.Of("a"u8));
        var samples = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 + 3)).ToArray();
        Assert.Equal(0x31d2363f52e564c9UL, PlaneDigest.Of(samples.AsSpan(0, 3)));
        Assert.Equal(0xf78b031308f5bfc8UL, PlaneDigest.Of(samples.AsSpan(0, 13)));
        Assert.Equal(0x50a7cfc7ba588784UL, PlaneDigest.Of(samples.AsSpan(0, 33)));
        Assert.Equal(0x5f235fa033f1a3fbUL, PlaneDigest.Of(samples));
    }
}

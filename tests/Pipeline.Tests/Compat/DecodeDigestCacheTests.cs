using OpenH264Build.Compat;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// The decode cache: a library's decodes are kept by what determines them and reused while those are unchanged; a
/// candidate with one byte changed is decoded again, never answered by a kept decode of another library; a kept
/// entry that no longer matches its recorded digests is decoded again.
/// </summary>
[Collection("Compat")]
public sealed class DecodeDigestCacheTests(CompatFixture fixture)
{
    private static readonly CorpusStream Short = new("cache-main-short",
        X264: new X264Recipe(new LavfiSource("mandelbrot", 106, 74, 30), Profile: "main", Cabac: true, BFrames: 2));

    private readonly string _root = Path.Combine(fixture.Root, "decode-cache-" + Guid.NewGuid().ToString("N")[..8]);

    private string Store => Path.Combine(_root, "store");

    private async Task<CompatReport> CheckAsync(string candidate)
    {
        var reports = Path.Combine(_root, "reports-" + Guid.NewGuid().ToString("N")[..6]);
        var run = new CompatRun(TargetArch.X86_64, fixture.Harness[TargetArch.X86_64], fixture.Library[TargetArch.X86_64],
            candidate, Path.Combine(reports, ".work"), reports, AcceptedDifferences.Empty, fixture.Sandbox,
            DecodeDigests: new FolderDecodeDigestStore(Store));
        var generator = new CorpusGenerator(Path.Combine(fixture.Root, "corpus"), CompatFixture.RepositoryRoot);
        var report = await new CompatibilityChecker(run).RunAsync([Short], generator);
        Assert.Equal("pass", report.Verdict);
        return report;
    }

    /// <summary>The real library with one byte after its end (the loader never maps it): same pictures, new bytes.</summary>
    private string Candidate(byte marker)
    {
        var path = Path.Combine(_root, "candidate-" + marker, "libopenh264.so.7");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. File.ReadAllBytes(fixture.Library[TargetArch.X86_64]), marker]);
        return path;
    }

    [Fact]
    public async Task An_unchanged_library_is_reused_and_a_candidate_with_one_byte_changed_is_decoded_again()
    {
        var first = await CheckAsync(Candidate(1));
        Assert.Equal(new DecodeCounts(1, 0, 1, 0), first.Decodes);
        Assert.True(first.FramesDecoded > 0);

        var again = await CheckAsync(Candidate(1));
        Assert.Equal(new DecodeCounts(0, 1, 0, 1), again.Decodes);
        Assert.Equal(0, again.FramesDecoded);
        Assert.Equal(first.Streams.Single().CandidateDigest, again.Streams.Single().CandidateDigest);

        var changed = await CheckAsync(Candidate(2));
        Assert.Equal(new DecodeCounts(0, 1, 1, 0), changed.Decodes);
        var stream = changed.Streams.Single();
        Assert.True(stream.BaselineReused);
        Assert.False(stream.CandidateReused);
        Assert.Equal(stream.BaselineDigest, stream.CandidateDigest);
        Assert.Contains("candidate: 1 decoded, 0 " + DecodeDigestCache.ReusedPhrase, CompatReportWriter.Markdown(changed));
    }

    [Fact]
    public async Task A_kept_decode_whose_pictures_were_altered_is_decoded_again()
    {
        await CheckAsync(Candidate(3));
        foreach (var entry in Directory.GetFiles(Store, "*", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(entry);
            lines[^1] = lines[^1][..^1] + (lines[^1][^1] == '0' ? '1' : '0');
            File.WriteAllLines(entry, lines);
        }

        var report = await CheckAsync(Candidate(3));

        Assert.Equal(new DecodeCounts(1, 0, 1, 0), report.Decodes);
    }
}

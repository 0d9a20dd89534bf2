using System.Security.Cryptography;
using System.Text;
using OpenH264Build.Bisection;
using OpenH264Build.Patching;

namespace OpenH264Build.Tests.Bisection;

/// <summary>
/// The finder over a probe that stands for "compile and check": the failure is there when a patch in the prefix
/// carries a line marked DRIFT, so the guilty patch and hunk are known in advance.
/// </summary>
public sealed class GuiltyPatchFinderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "guilty-patch-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<string> _probes = [];

    public GuiltyPatchFinderTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task Names_the_second_patch_of_three_and_its_drifting_hunk()
    {
        var series = new[] { Harmless("0001-a.patch"), Drifting("0002-b.patch"), Harmless("0003-c.patch") };
        var guilty = await Finder().FindAsync(series);

        Assert.NotNull(guilty);
        Assert.Equal(("0002-b.patch", 2), (guilty.Name, guilty.Hunk));
        Assert.Equal(["src/two.c"], guilty.Files);
        Assert.Equal("0002-b.patch (hunk 2, src/two.c)", guilty.ToString());
        // Prefixes 0 and 3 are known; 1 then 2 settle the series. Then 0001 with the first hunk, and with the first two
        // hunks, of 0002 pass: the third hunk of the patch, hunk 2 of src/two.c (numbered within its file, as patch does).
        Assert.Equal(["0001-a.patch", "0001-a.patch 0002-b.patch", "0001-a.patch 0002-b.first-1-hunks.patch", "0001-a.patch 0002-b.first-2-hunks.patch"], _probes);
    }

    [Fact]
    public async Task A_single_patch_is_named_without_probing_the_series()
    {
        var guilty = await Finder().FindAsync([Drifting("0001-only.patch")]);
        Assert.Equal("0001-only.patch (hunk 2, src/two.c)", guilty!.ToString());
        Assert.All(_probes, p => Assert.Contains("hunks", p));
    }

    [Fact]
    public async Task A_failure_already_there_with_the_first_patch_names_the_first()
    {
        var guilty = await Finder().FindAsync([Drifting("0001-x.patch"), Harmless("0002-y.patch"), Harmless("0003-z.patch"), Harmless("0004-w.patch")]);
        Assert.Equal("0001-x.patch", guilty!.Name);
    }

    [Fact]
    public async Task A_failure_that_needs_the_whole_series_names_the_last()
    {
        var guilty = await Finder().FindAsync([Harmless("0001-x.patch"), Harmless("0002-y.patch"), Harmless("0003-z.patch"), Drifting("0004-w.patch")]);
        Assert.Equal("0004-w.patch", guilty!.Name);
    }

    [Fact]
    public async Task When_the_hunks_cannot_be_checked_apart_the_patch_and_its_files_are_named()
    {
        var finder = new GuiltyPatchFinder((prefix, ct) => prefix.Any(p => p.Name.Contains("hunks"))
            ? throw new OpenH264Build.Engine.BuildFailure("the first hunks alone do not compile")
            : Probe(prefix, ct), _dir, emptySeriesPasses: true);
        var guilty = await finder.FindAsync([Harmless("0001-a.patch"), Drifting("0002-b.patch")]);
        Assert.Equal("0002-b.patch (src/one.c, src/two.c)", guilty!.ToString());
        Assert.Null(guilty.Hunk);
    }

    [Fact]
    public async Task A_failure_there_without_any_patch_blames_none_when_the_baseline_is_not_the_unpatched_source()
    {
        var finder = new GuiltyPatchFinder((_, _) => Task.FromResult(new ProbeResult(true, "drift")), _dir, emptySeriesPasses: false);
        Assert.Null(await finder.FindAsync([Harmless("0001-a.patch"), Drifting("0002-b.patch")]));
    }

    private GuiltyPatchFinder Finder() => new(Probe, _dir, emptySeriesPasses: true);

    private Task<ProbeResult> Probe(IReadOnlyList<SeriesPatch> prefix, CancellationToken _)
    {
        _probes.Add(string.Join(' ', prefix.Select(p => p.Name)));
        return Task.FromResult(prefix.Any(p => p.Text.Contains("+DRIFT")) ? new ProbeResult(true, "drift") : ProbeResult.Pass);
    }

    private SeriesPatch Harmless(string name) => Patch(name, """
        --- a/src/other.c
        +++ b/src/other.c
        @@ -1,2 +1,3 @@
         int a;
        +/* a comment */
         int b;
        """);

    /// <summary>Three hunks: one in src/one.c, two in src/two.c, of which the second drifts.</summary>
    private SeriesPatch Drifting(string name) => Patch(name, """
        --- a/src/one.c
        +++ b/src/one.c
        @@ -1,2 +1,3 @@
         int a;
        +int harmless;
         int b;
        --- a/src/two.c
        +++ b/src/two.c
        @@ -1,2 +1,3 @@
         int c;
        +int harmless_too;
         int d;
        @@ -10,2 +11,3 @@
         int e;
        +DRIFT
         int f;
        """);

    private SeriesPatch Patch(string name, string diff)
    {
        var text = "Description: test\nAuthor: T <t@example.org>\nOrigin: other\nForwarded: no\nLast-Update: 2026-01-01\n---\n" + diff + "\n";
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return new SeriesPatch(name, path, text, Dep3Header.Parse(text), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), 1);
    }
}

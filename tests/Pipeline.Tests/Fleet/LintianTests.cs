using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Tests.Compat;

namespace OpenH264Build.Tests.Fleet;

/// <summary>
/// The fleet's .debs are lintian-clean: no error and no warning from Debian's own checker, on both arches, except the
/// reviewed tags in build/DebianPackaging/lintian-reviewed.tsv (each with its reason); a reviewed tag no package
/// carries any more is stale and fails too. No override ships inside a package.
/// </summary>
[Collection("Fleet.Release")]
public class LintianTests(FleetReleaseFactory factory)
{
    private static readonly string Reviewed = Path.Combine(CompatFixture.RepositoryRoot, "build", "DebianPackaging", "lintian-reviewed.tsv");

    [Fact]
    public async Task Both_packages_of_both_arches_pass_lintian_with_only_the_reviewed_tags()
    {
        var release = await factory.SharedAsync();
        var debs = release.Manifest.Architectures.Values.SelectMany(a => new[] { a.LibraryDeb, a.SmokeDeb })
            .Select(d => Path.Combine(release.Dist, d)).ToList();
        var run = await Cli.Wrap("lintian").WithArguments(["--tag-display-limit", "0", "--fail-on", "none", .. debs])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(run.ExitCode == 0, run.StandardError);
        var found = run.StandardOutput.Split('\n').Select(l => l.Split(' ', 4))
            .Where(p => p.Length >= 3 && p[0] is "E:" or "W:")
            .Select(p => (Package: p[1].TrimEnd(':').Split(':')[0], Tag: p[2], Line: string.Join(' ', p))).ToList();
        var reviewed = File.ReadAllLines(Reviewed).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t'))
            .Select(f => (Package: f[0], Tag: f[1], Reason: f.Length > 2 ? f[2] : "")).ToList();
        Assert.All(reviewed, r => Assert.True(r.Reason.Trim().Length > 0, $"{r.Package} {r.Tag}: a reviewed tag needs its reason"));
        var unexpected = found.Where(f => !reviewed.Any(r => r.Package == f.Package && r.Tag == f.Tag)).Select(f => f.Line).Distinct().ToList();
        Assert.True(unexpected.Count == 0, "lintian: " + string.Join("\n", unexpected));
        var stale = reviewed.Where(r => !found.Any(f => f.Package == r.Package && f.Tag == r.Tag)).Select(r => $"{r.Package} {r.Tag}").ToList();
        Assert.True(stale.Count == 0, "reviewed but no longer found (remove them): " + string.Join(", ", stale));
        foreach (var deb in debs)
        {
            var contents = (await Cli.Wrap("dpkg-deb").WithArguments(["-c", deb]).ExecuteBufferedAsync()).StandardOutput;
            Assert.DoesNotContain("lintian/overrides", contents);
        }
    }
}

using OpenH264Build.Baselines;
using System.Security.Cryptography;
using CliWrap;
using OpenH264Build.Abi;
using OpenH264Build.Elf;
using OpenH264Build.Engine;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Abi;

/// <summary>Choosing and fetching a baseline: a release tarball verified by its checksum, the upstream build, a path.</summary>
public class BaselineTests
{
    /// <summary>A release as Package makes one: a tarball with the .so, its debug file and headers, and SHA256SUMS.</summary>
    private static async Task<(string Tarball, string Sums, NativeBuildOutput Library)> MakeRelease(TempFolder temp)
    {
        var library = await FixtureLibrary.BuildAsync(temp.Sub("stage/openh264-2.3.1-1-linux-x86_64"));
        var tarball = Path.Combine(temp.Sub("release"), "openh264-2.3.1-1-linux-x86_64.tar.gz");
        await Cli.Wrap("tar").WithArguments(["-czf", tarball, "-C", Path.Combine(temp.Path, "stage"), "."]).ExecuteAsync();
        var sums = Path.Combine(temp.Path, "release", "SHA256SUMS");
        await File.WriteAllTextAsync(sums, $"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(tarball)))}  {Path.GetFileName(tarball)}\n");
        return (tarball, sums, library);
    }

    [Fact]
    public async Task Auto_takes_the_previous_release_when_given_and_verifies_it_by_its_published_checksum()
    {
        using var temp = new TempFolder();
        var (tarball, sums, library) = await MakeRelease(temp);
        var options = new BaselineOptions(BaselineSource.Auto, tarball.Replace("x86_64", "{arch}"), sums, null, null);

        var baseline = await BaselineSelector.SelectAsync(TargetArch.X86_64, options,
            _ => throw new InvalidOperationException("upstream must not be built when a release is given"), temp.Sub("work"));

        Assert.Equal(BaselineSource.Release, baseline.Source);
        Assert.Equal(Path.GetFileName(library.SharedLibrary), Path.GetFileName(baseline.Library.SharedLibrary));
        Assert.NotNull(baseline.Library.DebugFile);
        Assert.EndsWith(Path.Combine("include", "fx"), baseline.Library.HeadersDirectory!);

        // The release compares clean against the same build.
        var report = await AbiCheck.RunAsync(new AbiCheckRequest(TargetArch.X86_64, library, baseline,
            new BinaryPolicyRules("libfx.so.1", TargetArch.X86_64, VersionFloor.Create([], ElfInspector.Read(library.SharedLibrary))),
            null, temp.Sub("reports"), null, temp.Sub("check")));
        Assert.Equal("pass", report.Verdict);
        Assert.Contains("sha256 verified", report.Baseline);
    }

    [Fact]
    public async Task A_release_whose_checksum_does_not_match_is_refused()
    {
        using var temp = new TempFolder();
        var (tarball, _, _) = await MakeRelease(temp);
        var options = new BaselineOptions(BaselineSource.Release, tarball, new string('0', 64), null, null);

        var failure = await Assert.ThrowsAsync<BuildFailure>(() =>
            BaselineSelector.SelectAsync(TargetArch.X86_64, options, _ => throw new InvalidOperationException(), temp.Sub("work")));
        Assert.Contains("sha256", failure.Message);
    }

    [Fact]
    public async Task Auto_without_a_release_builds_unpatched_upstream()
    {
        using var temp = new TempFolder();
        var upstream = await FixtureLibrary.BuildAsync(temp.Sub("upstream"), arch: TargetArch.X86_64);
        TargetArch? asked = null;

        var baseline = await BaselineSelector.SelectAsync(TargetArch.X86_64, new BaselineOptions(BaselineSource.Auto, null, null, null, null),
            arch => { asked = arch; return Task.FromResult(upstream); }, temp.Sub("work"));

        Assert.Equal(TargetArch.X86_64, asked);
        Assert.Equal(BaselineSource.Upstream, baseline.Source);
        Assert.Equal(upstream, baseline.Library);
    }

    [Fact]
    public async Task A_path_baseline_finds_its_debug_file_through_the_debug_link()
    {
        using var temp = new TempFolder();
        var library = await FixtureLibrary.BuildAsync(temp.Sub("lib"));

        var baseline = await BaselineSelector.SelectAsync(TargetArch.X86_64,
            new BaselineOptions(BaselineSource.Path, null, null, library.SharedLibrary, library.HeadersDirectory),
            _ => throw new InvalidOperationException(), temp.Sub("work"));

        Assert.Equal(BaselineSource.Path, baseline.Source);
        Assert.Equal(library.DebugFile, baseline.Library.DebugFile);
        await Assert.ThrowsAsync<BuildFailure>(() => BaselineSelector.SelectAsync(TargetArch.X86_64,
            new BaselineOptions(BaselineSource.Path, null, null, Path.Combine(temp.Path, "missing.so"), null), _ => throw new InvalidOperationException(), temp.Sub("work")));
    }

    [Fact]
    public void A_floor_that_is_not_a_symbol_version_is_refused_with_one_line()
    {
        var failure = Assert.Throws<BuildFailure>(() => VersionFloor.Create(["bullseye"], null));
        Assert.Contains("GLIBC_2.31", failure.Message);
        Assert.Equal("GLIBC_2.31", VersionFloor.Create(["2.31"], null).Floors["GLIBC"].ToString());
        Assert.True(SymbolVersion.TryParse("GLIBC_2.3.4")!.CompareTo(SymbolVersion.TryParse("GLIBC_2.14")) < 0);
    }
}

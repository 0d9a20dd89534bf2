using System.Text;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using ICSharpCode.SharpZipLib.GZip;
using OpenH264Build.Abi;
using OpenH264Build.Archives;
using OpenH264Build.Compat;
using OpenH264Build.Containers;
using OpenH264Build.Elf;
using OpenH264Build.Host;
using OpenH264Build.Tests.Ci;
using OpenH264Build.Util;

namespace OpenH264Build.Tests.Spine;

/// <summary>The runs that compile, decode or time a pipeline: one after another (each would take both cores), but beside
/// the other collections rather than after them, since those mostly wait (ssh, Ansible, the engine).</summary>
[CollectionDefinition("Pipeline")]
public sealed class PipelineCollection : ICollectionFixture<Bisection.DriftSeriesRun>;

/// <summary>
/// The spine end to end, through ./build.sh as a user runs it: real Docker engine, real debootstrap image, real
/// cross compiles. The first run is cold on a new machine (image build included), later ones reuse the caches.
/// </summary>
[Collection("Pipeline")]
public class PipelineIntegrationTests() : PipelineTreeTest("pipeline-tests")
{
    private string Dist => Tree.Dist;

    private Task<BufferedCommandResult> BuildAsync(params string[] args) => Tree.BuildAsync(args);

    /// <summary>Where Package alone leaves its tarballs: a partial run does not replace the complete signed dist.</summary>
    private string PackageOutput => Path.Combine(Tree.Root, "artifacts", "dist-partial");

    /// <summary>What Package alone left (in the partial folder, beside the complete dist it does not replace).</summary>
    private Dictionary<string, string> DistDigests() =>
        Directory.GetFiles(PackageOutput).ToDictionary(Path.GetFileName, Sha256.OfFile)!;

    private string PackageOf(TargetArch arch) =>
        Directory.GetFiles(PackageOutput, $"openh264-*-linux-{arch.Name()}.tar.gz").Single();

    private string Unpack(string tarball)
    {
        var target = Path.Combine(Scratch, Path.GetFileName(tarball));
        using var input = new GZipInputStream(File.OpenRead(tarball));
        SafeTarExtractor.Extract(input, target);
        return target;
    }

    [Fact]
    public async Task Both_arches_build_package_reproducibly_and_decode_exactly_as_ffmpeg()
    {
        var first = await BuildAsync("Package");
        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        var digests = DistDigests();

        // Nothing changed: the second run redoes no stage and gives the same bytes.
        var second = await BuildAsync("Package");
        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);
        Assert.Contains("reusing the compiled library", second.StandardOutput);
        foreach (var stage in new[] { "package-x86_64", "package-aarch64", "fleet-packages" })
            Assert.Contains($"{stage}: {OpenH264Build.Caching.CachedOutputs.ReusedPhrase}", second.StandardOutput);
        Assert.Equal(digests, DistDigests());

        var stream = Path.Combine(Scratch, "cif.264");
        var ffmpeg = await Cli.Wrap("ffmpeg").WithArguments(["-v", "error", "-f", "lavfi", "-i", "testsrc=size=176x144:rate=25",
                "-frames:v", "50", "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-threads", "1", "-y", stream])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.StandardError);

        foreach (var (arch, machine) in new[] { (TargetArch.X86_64, (ushort)62), (TargetArch.Aarch64, (ushort)183) })
        {
            var package = Unpack(PackageOf(arch));
            var library = Path.Combine(package, "lib", "libopenh264.so.7");
            Assert.Equal("libopenh264.so.2.3.1", new FileInfo(library).LinkTarget);
            Assert.Equal("libopenh264.so.7", new FileInfo(Path.Combine(package, "lib", "libopenh264.so")).LinkTarget);
            Assert.True(File.Exists(Path.Combine(package, "include", "wels", "codec_api.h")));
            Assert.True(File.Exists(Path.Combine(package, "lib", "pkgconfig", "openh264.pc")));
            Assert.True(File.Exists(Path.Combine(package, "LICENSE")));
            var buildInfo = File.ReadAllText(Path.Combine(package, "BUILDINFO"));
            Assert.Contains("Source-SHA256: 87124d0eb5d86ea78c59bab916ecdc3d9dfa752ce6bf73a609bbb98db7d96383", buildInfo);
            Assert.Contains("CVE-2025-27091", buildInfo);
            Assert.Contains("Toolchain-Image-Id: sha256:", buildInfo);

            var elf = ElfInspector.Read(Path.Combine(package, "lib", "libopenh264.so.2.3.1"));
            Assert.Equal(machine, elf.Machine);
            Assert.True(elf.Is64Bit);
            Assert.Equal("libopenh264.so.7", elf.Soname);
            Assert.False(elf.HasDebugInfo);
            Assert.Equal("libopenh264.so.2.3.1.debug", elf.DebugLink);

            var debug = Unpack(Directory.GetFiles(PackageOutput, $"openh264-*-linux-{arch.Name()}-debug.tar.gz").Single());
            Assert.True(ElfInspector.Read(Path.Combine(debug, "lib", "libopenh264.so.2.3.1.debug")).HasDebugInfo);

            // The shipped headers and library, used as a program would use them; aarch64 runs under qemu.
            var harness = await HarnessBuilder.BuildAsync(Path.Combine(RepositoryPaths.Root, "native", "harness"),
                Path.Combine(package, "include", "wels"), arch, Path.Combine(Scratch, "harness-" + arch.Name(), "h264harness"));
            var sandbox = await HarnessSandbox.ForRepositoryAsync(RepositoryPaths.Root, Environment.GetEnvironmentVariable("DOCKER_HOST"));
            var run = await SingleStreamCheck.DecodeAsync(sandbox, harness, library, arch, stream, Path.Combine(Scratch, "decode-" + arch.Name()));
            Assert.Equal(50, run.Frames.Count);
            var difference = await SingleStreamCheck.CompareWithFfmpegAsync(sandbox, harness, library, arch, stream, Path.Combine(Scratch, "ffmpeg-" + arch.Name()));
            Assert.Null(difference);
        }
    }

    [Fact]
    public async Task A_patch_that_does_not_apply_fails_naming_it_and_leaves_dist_as_it_was()
    {
        var warm = await BuildAsync("Package");
        Assert.True(warm.ExitCode == 0, warm.StandardOutput + warm.StandardError);
        var before = DistDigests();

        var patches = SeriesWith("0099-does-not-apply.patch", """
            Description: A patch written against another tree
            Author: Test <test@example.org>
            Origin: other
            Forwarded: not-needed
            Last-Update: 2026-01-01
            ---
            --- a/codec/decoder/core/src/decoder.cpp
            +++ b/codec/decoder/core/src/decoder.cpp
            @@ -10,3 +10,3 @@
             this line
            -is not
            +in the file
             at all

            """);

        var failed = await BuildAsync("Package", "--patches", patches);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("Patch 0099-does-not-apply.patch does not apply: hunk #1 (@@ -10,3 +10,3 @@", failed.StandardOutput);
        Assert.Contains("codec/decoder/core/src/decoder.cpp", failed.StandardOutput);
        Assert.Equal(before, DistDigests());
    }

    [Fact]
    public async Task A_changed_patch_recompiles_only_what_it_touches_and_makes_a_fresh_trees_bits()
    {
        var patches = SeriesWith("0098-touch-one-file.patch", BuildScript.TouchOneSource("first"));

        // A one-line change to one .cpp file, different on every run so the compile stage is never a stage-cache hit.
        // The first compile leaves the build tree; the second, with another one-line change, compiles that file alone
        // in the kept tree (its one ccache miss; the harness is the one hit).
        var marker = "";
        BufferedCommandResult run = null!;
        foreach (var _ in new[] { "warm", "measured" })
        {
            marker = Guid.NewGuid().ToString("N");
            File.WriteAllText(Path.Combine(patches, "0098-touch-one-file.patch"), BuildScript.TouchOneSource(marker));
            run = await BuildAsync("Compile", "--arch", "x86_64", "--patches", patches);
            Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        }
        Assert.Contains("x86_64 build tree: kept, 1 changed file(s) copied in", run.StandardOutput);
        var hits = Regex.Match(run.StandardOutput, @"Hits:\s+(\d+) /\s+(\d+)");
        Assert.True(hits.Success, run.StandardOutput);
        Assert.Equal(int.Parse(hits.Groups[2].Value) - 1, int.Parse(hits.Groups[1].Value));
        var kept = CompiledBits();

        // The same change with one more to a file that is not a source: the tree is made afresh, every object comes
        // from ccache by the bytes of its source, and the library, its debug file and the harness are the same bits.
        // An object the kept tree failed to rebuild would be the earlier marker's and differ.
        File.AppendAllText(Path.Combine(patches, "series"), "0099-touch-readme.patch\n");
        File.WriteAllText(Path.Combine(patches, "0099-touch-readme.patch"), TouchReadme);
        var fresh = await BuildAsync("Compile", "--arch", "x86_64", "--patches", patches);
        Assert.True(fresh.ExitCode == 0, fresh.StandardOutput + fresh.StandardError);
        Assert.Contains("x86_64 build tree: made afresh", fresh.StandardOutput);
        Assert.Equal(kept, CompiledBits());
    }

    /// <summary>The sha256 of each file the newest x86_64 compile left.</summary>
    private string CompiledBits()
    {
        var newest = new DirectoryInfo(Path.Combine(Tree.Root, "artifacts", "cache", "compile"))
            .GetDirectories("x86_64-*").OrderByDescending(d => d.LastWriteTimeUtc).First();
        return string.Join("\n", newest.GetFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Name is "libopenh264.so.2.3.1" or "h264harness" || f.Name.EndsWith(".debug"))
            .OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name} {Sha256.OfFile(f.FullName)}"));
    }

    private const string TouchReadme = """
        Description: Touch a file that is not a source
        Author: Test <test@example.org>
        Origin: other
        Forwarded: not-needed
        Last-Update: 2026-01-01
        ---
        --- a/README.md
        +++ b/README.md
        @@ -1,2 +1,3 @@
        +A line that changes no object.
         OpenH264
         ========

        """;


    private string SeriesWith(string name, string patch) =>
        BuildScript.SeriesWith(Path.Combine(Scratch, "patches-" + Path.GetFileNameWithoutExtension(name)), name, patch);

    [Fact]
    public async Task A_patch_that_changes_a_public_struct_fails_Abi_and_names_the_struct()
    {
        var patches = SeriesWith("0097-grow-sbufferinfo.patch", """
            Description: Add a field to SBufferInfo (an ABI break on purpose)
            Author: Test <test@example.org>
            Origin: other
            Forwarded: not-needed
            Last-Update: 2026-01-01
            ---
            --- a/codec/api/wels/codec_def.h
            +++ b/codec/api/wels/codec_def.h
            @@ -196,6 +196,7 @@
             */
             typedef struct TagBufferInfo {
               int iBufferStatus;             ///< 0: one frame data is not ready; 1: one frame data is ready
            +  int iAddedField;
               unsigned long long uiInBsTimeStamp;     ///< input BS timestamp
               unsigned long long uiOutYuvTimeStamp;     ///< output YUV timestamp, when bufferstatus is 1
               union {

            """);
        // The project's own series passes first, and its verdict is kept: the broken library must still be checked.
        var before = await BuildAsync("Abi", "--arch", "x86_64");
        Assert.True(before.ExitCode == 0, before.StandardOutput + before.StandardError);
        // A release manager's previous dist: Package stages a new one, Abi fails after it, the previous one stays.
        var previous = Tree.PlacePreviousDist();

        // No bisection: GuiltyPatchPipelineTests names the guilty patch; its probe here would only add an abidiff.
        var run = await BuildAsync("Package", "Abi", "--arch", "x86_64", "--patches", patches, "--no-bisect");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("» Package", run.StandardOutput);
        Assert.Equal(previous, TestTree.Digests(Dist));
        Assert.DoesNotContain(OpenH264Build.Caching.VerdictCache.ReusedPhrase, run.StandardOutput);
        Assert.Contains("TagBufferInfo", run.StandardOutput);
        var report = File.ReadAllText(Path.Combine(Tree.Reports, "abi-x86_64.json"));
        Assert.Contains("\"verdict\": \"fail\"", report.Replace("\":\"", "\": \""));
        Assert.Contains("TagBufferInfo", report);
    }

    [Fact]
    public async Task An_internal_only_patch_passes_Abi_and_a_glibc_floor_below_bookworm_names_the_symbol()
    {
        // A real internal-only change: a static (non-exported) object in one .cpp file of the decoder.
        var patches = SeriesWith("0096-internal-only.patch", BuildScript.TouchOneSource("internal-only"));
        var passing = await BuildAsync("Abi", "--arch", "x86_64", "--patches", patches);
        Assert.True(passing.ExitCode == 0, passing.StandardOutput + passing.StandardError);
        // The tree's verdict cache starts empty: this PASS is a check that ran, not a verdict restored from an earlier run.
        Assert.Contains("ABI x86_64: PASS against", passing.StandardOutput);
        Assert.DoesNotContain(OpenH264Build.Caching.VerdictCache.ReusedPhrase, passing.StandardOutput);

        var floor = await BuildAsync("Abi", "--arch", "x86_64", "--patches", patches, "--abi-floor", "GLIBC_2.28");
        Assert.NotEqual(0, floor.ExitCode);
        Assert.Matches(@"needs GLIBC_2\.(29|3\d)", floor.StandardOutput);
        Assert.Contains("--suite", floor.StandardOutput);
    }

    [Fact]
    public async Task The_default_pipeline_ends_with_a_signed_dist_that_stock_tools_and_Verify_accept()
    {
        var run = await BuildAsync();
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        foreach (var name in new[] { "SHA256SUMS", "SHA256SUMS.minisig", "openh264.pub", "abi-x86_64.json", "compat-aarch64.json" })
            Assert.True(File.Exists(Path.Combine(Dist, name)), $"{name} is not in dist");
        Assert.Single(Directory.GetFiles(Dist, "*.intoto.jsonl"));
        Assert.Equal(2, Directory.GetFiles(Dist, "*.abi.xml").Length);
        Assert.True(File.Exists(Path.Combine(Tree.Reports, "index.html")));

        var sums = await Cli.Wrap("sha256sum").WithArguments(["-c", "--strict", "SHA256SUMS"]).WithWorkingDirectory(Dist)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(sums.ExitCode == 0, sums.StandardOutput + sums.StandardError);
        var minisign = await Cli.Wrap("minisign").WithArguments(["-Vm", "SHA256SUMS", "-p", "openh264.pub"]).WithWorkingDirectory(Dist)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(minisign.ExitCode == 0, minisign.StandardOutput + minisign.StandardError);
        Assert.Contains("key=development", minisign.StandardOutput);

        // What ships names nothing of the machine that built it.
        foreach (var file in Directory.GetFiles(Dist).Where(f => !f.EndsWith(".gz")))
            foreach (var machinePath in new[] { Tree.Root, RepositoryPaths.Root })
                Assert.False(File.ReadAllText(file).Contains(machinePath), $"{Path.GetFileName(file)} names a path of the build machine");

        var verify = await BuildAsync("Verify", "--dist", Dist, "--public-key", Path.Combine(Dist, "openh264.pub"), "--allow-development");
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
    }
}

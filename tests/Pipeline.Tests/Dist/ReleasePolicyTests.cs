using System.Text.Json.Nodes;
using OpenH264Build.Archives;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Fleet;
using OpenH264Build.Formats;
using OpenH264Build.Publishing;
using OpenH264Build.Signing;
using OpenH264Build.Tests.Publishing;
using OpenH264Build.Tests.Publishing.FakeGitHub;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Distribution;

/// <summary>
/// The one release policy, as an attacker probes it: a dist changed, then re-signed by the very key Verify is told to
/// trust. Each probe is refused by Verify (as ./build.sh runs it), Publish (before any write) and Rollout, in one line
/// naming what failed.
/// </summary>
public class ReleasePolicyTests
{
    /// <summary>Each probe: how it changes the dist, and what the refusal must name.</summary>
    public static TheoryData<string> Probes => ["failing verdict", "soak", "non-canonical tar member", "manifest librarySha256",
        "deb library", "no baselineSha256", "no checkedAt", "development repository key"];

    private static async Task<string> Break(PublishFixture fixture, string probe)
    {
        var library = DistFolder.Open(fixture.Dist).Libraries.Single(l => l.Arch == "x86_64").Sha256;
        switch (probe)
        {
            case "failing verdict": // complete and bound to the library in every other way: only the word says no
                await fixture.WriteVerdict("compat", "x86_64", library, verdict: "fail");
                return "compat-x86_64.json: the verdict is 'fail', not 'pass'";
            case "soak":
                await fixture.WriteVerdict("compat", "x86_64", library, soak: false);
                return "compat-x86_64.json: the soak was not part of the check (soak.included is not true)";
            case "non-canonical tar member":
                SmuggleSecondLibrary(fixture, "x86_64");
                return $"{PublishFixture.PackageName("x86_64")}: member lib/./libopenh264.so.2.3.1 has a '.' segment";
            case "manifest librarySha256":
                fixture.WriteFleetManifest(m => m with
                {
                    Architectures = m.Architectures.ToDictionary(a => a.Key, a => a.Value with { LibrarySha256 = a.Value.Arch == "x86_64" ? new string('0', 64) : a.Value.LibrarySha256 }),
                });
                return $"openh264-fleet.json: librarySha256 of x86_64 is {new string('0', 64)}, but the verdicts judged {library}";
            case "deb library":
                await fixture.WriteLibraryDeb("x86_64", "another library of x86_64");
                return $"{PublishFixture.DebName("x86_64")} installs a library with sha256 ";
            case "no baselineSha256":
                RemoveField(fixture, "abi-x86_64.json", "baselineSha256");
                return "abi-x86_64.json names no baselineSha256";
            case "no checkedAt":
                RemoveField(fixture, "compat-aarch64.json", "checkedAt");
                return "compat-aarch64.json has no readable checkedAt";
            default:
                fixture.WriteFleetManifest(m => m with { DevelopmentKey = true });
                return $"openh264-fleet.json names a development repository key ({PublishFixture.RepositoryFingerprint})";
        }
    }

    /// <summary>
    /// The checked library, then a second, different one under a name a reader looking for lib/libopenh264.so.2.3.1
    /// passes over, written last (in the order given), so tar -x leaves it in the checked one's place.
    /// </summary>
    internal static void SmuggleSecondLibrary(PublishFixture fixture, string arch)
    {
        using var file = File.Create(Path.Combine(fixture.Dist, PublishFixture.PackageName(arch)));
        using (var gzip = new ICSharpCode.SharpZipLib.GZip.GZipOutputStream(file) { IsStreamOwner = false })
            TarWriter.Write(gzip,
            [
                TarEntrySource.Directory("lib"),
                TarEntrySource.Bytes("lib/libopenh264.so.2.3.1", System.Text.Encoding.UTF8.GetBytes($"library of {arch}, build 1"), 0b111_101_101),
                TarEntrySource.Symlink("lib/libopenh264.so.7", "libopenh264.so.2.3.1"),
                TarEntrySource.Bytes("lib/./libopenh264.so.2.3.1", System.Text.Encoding.UTF8.GetBytes("an unchecked library"), 0b111_101_101),
            ]);
    }

    private static void RemoveField(PublishFixture fixture, string report, string field)
    {
        var path = Path.Combine(fixture.Dist, report);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json.Remove(field);
        File.WriteAllText(path, json.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task A_re_signed_release_that_breaks_the_policy_is_refused_by_Verify_Publish_and_Rollout_naming_what_failed(string probe)
    {
        using var fixture = await PublishFixture.Create();
        var named = await Break(fixture, probe);
        await fixture.Sign(); // re-signed with the release key Verify, Publish and Rollout are told to trust

        var verify = await BuildProcess.RunAsync(fixture.Root, "Verify", "--dist", fixture.Dist, "--public-key", fixture.ReleasePublicKey);
        Assert.Equal(1, verify.ExitCode);
        var line = Assert.Single((verify.StandardOutput + verify.StandardError).Split('\n'), l => l.Contains("Verify failed:"));
        Assert.Contains(named, line);

        await using var server = await FakeGitHubServer.Start("ghp_policytoken0123456789");
        server.Repository("acme/openh264-patched");
        var publish = await Assert.ThrowsAsync<BuildFailure>(() => new PublishRun(fixture.Settings(server), new LogCapture().Logger).Execute());
        Assert.StartsWith("the dist is not proven for release: ", publish.Message);
        Assert.Contains(named, publish.Message);
        Assert.DoesNotContain('\n', publish.Message);
        Assert.Empty(server.Writes());

        var rollout = await Assert.ThrowsAsync<VerificationFailure>(() => VerifiedFleetRelease.OpenAsync(fixture.Dist, fixture.ReleasePublicKey));
        Assert.Contains(named, rollout.Message);
        Assert.DoesNotContain('\n', rollout.Message);
    }

    [Fact]
    public async Task A_good_release_passes_Verify_which_leaves_its_one_sentence_verdict_for_the_report_page()
    {
        using var fixture = await PublishFixture.Create();
        var verify = await BuildProcess.RunAsync(fixture.Root, "Verify", "--dist", fixture.Dist, "--public-key", fixture.ReleasePublicKey);
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
        var verdict = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture.Root, "artifacts", "reports", "release-verdict.json")))!;
        Assert.Equal("release 2.3.1-1 passes the release policy: signed by the release key, apt repository by the release repository key " +
                     $"{PublishFixture.RepositoryFingerprint}; ABI and Compat (with the soak) pass for aarch64, x86_64, each verdict bound to the " +
                     "library in the tarball, the .deb and the fleet manifest", verdict["verdict"]!.GetValue<string>());
        Assert.False(verdict["lab"]!.GetValue<bool>());
        Assert.Contains(verdict["verdict"]!.GetValue<string>(), verify.StandardOutput);
    }

    [Fact]
    public async Task The_smuggled_library_is_what_tar_leaves_on_disk_which_is_why_the_names_must_be_canonical()
    {
        using var fixture = await PublishFixture.Create();
        SmuggleSecondLibrary(fixture, "x86_64");
        using var unpacked = new TempFolder();
        await fixture.Run("tar", "-xzf", Path.Combine(fixture.Dist, PublishFixture.PackageName("x86_64")), "-C", unpacked.Path);
        Assert.Equal("an unchecked library", File.ReadAllText(unpacked.File("lib/libopenh264.so.2.3.1")));
        // The reader the verdicts are held against still sees the checked one: only the names give it away.
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("library of x86_64, build 1"u8.ToArray())),
            DistFolder.Open(fixture.Dist).Libraries.Single(l => l.Arch == "x86_64").Sha256);
    }

    [Theory]
    [InlineData("lib/../../etc/passwd", null, "has a '..' segment")]
    [InlineData("/usr/lib/libopenh264.so.7", null, "is an absolute name")]
    [InlineData("lib//libopenh264.so.7", null, "has an empty segment")]
    [InlineData("lib/libopenh264.so.7", "../../../etc/shadow", "links to ../../../etc/shadow, outside the package")]
    [InlineData("lib/libopenh264.so.7", "/etc/shadow", "links to the absolute name /etc/shadow")]
    public void Each_non_canonical_name_is_named(string name, string? target, string problem) =>
        Assert.Equal([$"member {name} {problem}"], TarMemberNames.Problems([new TarMember("lib/"), new TarMember(name, target)]));

    [Fact]
    public void Canonical_names_pass_also_with_the_archive_root_and_a_name_twice_after_it_does_not()
    {
        Assert.Empty(TarMemberNames.Problems([new("./"), new("./usr/lib/"), new("./usr/lib/libopenh264.so.2.3.1"),
            new("./usr/lib/libopenh264.so.7", "libopenh264.so.2.3.1"), new("./usr/lib/x", "../lib/libopenh264.so.7")]));
        Assert.Equal(["member ./lib/a is in the archive twice"], TarMemberNames.Problems([new("lib/a"), new("./lib/a")]));
    }
}

using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Dist;
using OpenH264Build.Formats;
using OpenH264Build.Packaging;
using OpenH264Build.Signing;
using OpenH264Build.Versioning;

namespace OpenH264Build.Tests.Fleet;

[CollectionDefinition("Fleet.Release")]
public sealed class FleetReleaseCollection : ICollectionFixture<FleetReleaseFactory>;

/// <summary>The Debian packages, their version order (by dpkg itself), and the signed apt repository (read by apt itself).</summary>
[Collection("Fleet.Release")]
public class DebianPackagingTests(FleetReleaseFactory factory)
{
    private static async Task<BufferedCommandResult> Run(string program, params string[] arguments) =>
        await Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    private static async Task<bool> DpkgSays(string left, string op, string right) =>
        (await Run("dpkg", "--compare-versions", left, op, right)).ExitCode == 0;

    [Fact]
    public async Task The_version_sorts_above_the_distribution_package_and_below_its_next_security_update()
    {
        var release = DebianVersion.For(ReleaseVersion.Parse("2.3.1-1", "2.3.1"), "fleet");
        var second = DebianVersion.For(ReleaseVersion.Parse("2.3.1-2", "2.3.1"), "fleet");
        var development = DebianVersion.For(ReleaseVersion.Parse("2.3.1-dev", "2.3.1", "0123456789abcdef0123"), "fleet");
        Assert.Equal("2.3.1+dfsg-3+deb12u2+fleet1", release);
        Assert.True(await DpkgSays(release, "gt", "2.3.1+dfsg-3+deb12u2"), $"{release} must replace the distribution's package");
        Assert.True(await DpkgSays(release, "lt", "2.3.1+dfsg-3+deb12u3"), $"{release} must yield to the next security update");
        Assert.True(await DpkgSays(second, "gt", release));
        Assert.True(await DpkgSays(development, "gt", "2.3.1+dfsg-3+deb12u2"));
        Assert.True(await DpkgSays(development, "lt", release), "a development build sorts below every release");
        Assert.Throws<OpenH264Build.Engine.BuildFailure>(() => DebianVersion.For(ReleaseVersion.Parse("2.3.1-1", "2.3.1"), "Site-1"));
    }

    [Fact]
    public async Task The_library_package_is_a_drop_in_with_Debians_layout_shlibs_and_ldconfig_trigger()
    {
        var release = await factory.SharedAsync();
        var deb = Path.Combine(release.Dist, release.Manifest.Architectures["arm64"].LibraryDeb);
        var fields = (await Run("dpkg-deb", "-f", deb)).StandardOutput;
        Assert.Contains("Package: libopenh264-7\n", fields);
        Assert.Contains("Architecture: arm64\n", fields);
        Assert.Contains("Multi-Arch: same\n", fields);
        Assert.Contains($"Version: {release.Manifest.DebianVersion}\n", fields);
        Assert.Matches(@"Depends: libc6 \(>= 2\.\d+\), libgcc-s1", fields);

        var contents = (await Run("dpkg-deb", "-c", deb)).StandardOutput;
        Assert.Matches(@"-rw-r--r-- root/root .* \./usr/lib/aarch64-linux-gnu/libopenh264\.so\.2\.3\.1\n", contents);
        Assert.Contains("./usr/lib/aarch64-linux-gnu/libopenh264.so.7 -> libopenh264.so.2.3.1", contents);
        Assert.Contains("./usr/share/doc/libopenh264-7/copyright", contents);

        var control = Path.Combine(factory.Root, "layout", "control");
        Directory.CreateDirectory(Path.GetDirectoryName(control)!); // the shared release lives elsewhere: this folder is the test's
        Assert.Equal(0, (await Run("dpkg-deb", "-e", deb, control)).ExitCode);
        Assert.Equal("libopenh264 7 libopenh264-7 (>= 2.3.1+dfsg)\n", File.ReadAllText(Path.Combine(control, "shlibs")));
        Assert.Equal("activate-noawait ldconfig\n", File.ReadAllText(Path.Combine(control, "triggers")));

        // The packaged library is the built one, byte for byte, and the manifest says so.
        var unpacked = Path.Combine(factory.Root, "layout", "root");
        Assert.Equal(0, (await Run("dpkg-deb", "-x", deb, unpacked)).ExitCode);
        Assert.Equal(release.Manifest.Architectures["arm64"].LibrarySha256,
            Sha256Sums.Digest(Path.Combine(unpacked, "usr/lib/aarch64-linux-gnu/libopenh264.so.2.3.1")));
    }

    [Fact]
    public async Task The_smoke_package_carries_the_digests_the_build_recorded_for_each_arch()
    {
        var release = await factory.SharedAsync();
        foreach (var (debianArch, triplet) in new[] { ("amd64", "x86_64-linux-gnu"), ("arm64", "aarch64-linux-gnu") })
        {
            var arch = release.Manifest.Architectures[debianArch];
            Assert.Equal(SmokeStream.Frames, arch.SmokeDigests.Count);
            Assert.All(arch.SmokeDigests, line => Assert.Matches(@"^frame \d+ 176 144 [0-9a-f]{16} [0-9a-f]{16} [0-9a-f]{16}$", line));
            var unpacked = Path.Combine(factory.Root, "smoke", debianArch);
            Directory.CreateDirectory(Path.GetDirectoryName(unpacked)!);
            Assert.Equal(0, (await Run("dpkg-deb", "-x", Path.Combine(release.Dist, arch.SmokeDeb), unpacked)).ExitCode);
            var folder = Path.Combine(unpacked, "usr/lib", triplet, "openh264-fleet-smoke");
            Assert.Equal(arch.SmokeDigests, File.ReadAllLines(Path.Combine(folder, "digests.txt")));
            Assert.True(File.Exists(Path.Combine(folder, "h264harness")) && File.Exists(Path.Combine(folder, "smoke.h264")));
        }
    }

    [Fact]
    public async Task The_repository_key_fingerprint_is_in_the_signed_SHA256SUMS_and_apt_accepts_only_the_signed_repository()
    {
        var release = await factory.MakeAsync("repo");
        var fingerprint = release.Manifest.RepositoryKeyFingerprint;
        Assert.Matches("^[0-9A-F]{40}$", fingerprint);
        var sums = File.ReadAllText(Path.Combine(release.Dist, Sha256Sums.FileName));
        Assert.Contains($"openh264-fleet-archive-key-{fingerprint}.asc", sums);
        Assert.Contains(FleetManifest.FileName, sums);
        new DistVerifier().Verify(release.Dist, MinisignPublicKey.Load(factory.PublicKey));

        var apt = await AptReadsAsync(release, "good");
        Assert.True(apt.Update.ExitCode == 0, apt.Update.StandardError + apt.Update.StandardOutput);
        Assert.Contains(release.Manifest.DebianVersion, apt.Policy);

        // A Release file changed after signing: apt refuses the repository.
        var releaseFile = Path.Combine(release.Repository, "dists", "openh264-fleet", "InRelease");
        File.WriteAllText(releaseFile, File.ReadAllText(releaseFile).Replace("Label: openh264-fleet", "Label: openh264-evil"));
        var tampered = await AptReadsAsync(release, "tampered");
        Assert.DoesNotContain(release.Manifest.DebianVersion, tampered.Policy);
        Assert.Matches("BADSIG|not signed|signatures were invalid", tampered.Update.StandardError + tampered.Update.StandardOutput);
    }

    /// <summary>apt-get update and apt-cache policy against the repository only, in a private apt state.</summary>
    private async Task<(BufferedCommandResult Update, string Policy)> AptReadsAsync(FleetTestRelease release, string name)
    {
        var state = Path.Combine(factory.Root, "apt-state-" + name);
        Directory.CreateDirectory(Path.Combine(state, "lists", "partial"));
        Directory.CreateDirectory(Path.Combine(state, "cache", "archives", "partial"));
        var sources = Path.Combine(state, "fleet.sources");
        File.WriteAllText(sources, $"Types: deb\nURIs: file:{release.Repository}\nSuites: openh264-fleet\nComponents: main\nArchitectures: amd64\n" +
                                   $"Signed-By: {Path.Combine(release.Dist, release.Manifest.RepositoryKeyFile)}\n");
        string[] options = ["-o", $"Dir::State::Lists={state}/lists", "-o", $"Dir::Cache={state}/cache", "-o", $"Dir::Etc::SourceList={sources}",
            "-o", "Dir::Etc::SourceParts=-", "-o", "Dir::State::status=/var/lib/dpkg/status", "-o", "APT::Sandbox::User=root"];
        var update = await Run("apt-get", [.. options, "update"]);
        var policy = await Run("apt-cache", [.. options, "policy", "libopenh264-7:amd64"]);
        return (update, policy.StandardOutput);
    }
}

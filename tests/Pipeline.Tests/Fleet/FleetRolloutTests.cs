using OpenH264Build.Baselines;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Fleet;
using OpenH264Build.Formats;
using OpenH264Build.Host;
using OpenH264Build.Signing;
using OpenH264Build.Tests.Compat;

namespace OpenH264Build.Tests.Fleet;

/// <summary>
/// The rollout against thirteen real sshd hosts (containers), driven by Ansible, with the faults a fleet has: a
/// tampered package, a repository re-signed with other bytes of the same packages, a library whose pictures differ
/// on arm64 only, a full disk, a host with no exact copy of its installed package, a host that refuses the login,
/// a host whose key is unknown, two hosts offline from the start, a held dpkg lock, a host paused mid-wave, and a
/// host reached as a user with sudo. One test, in phases, because each phase starts from the state the one before
/// left (as a real rollout does). The waves' seed is chosen so that the canaries and the 25 % wave are known hosts.
/// </summary>
[Collection("Fleet.Release")]
public class FleetRolloutTests(FleetReleaseFactory factory)
{
    private const string Distribution = DebianVersion.DistributionVersion;

    private static readonly HostSpec[] Hosts =
    [
        new("amd64-01", "amd64"), new("amd64-02", "amd64", FullDisk: true), new("amd64-03", "amd64"), new("amd64-04", "amd64", User: "deploy"),
        new("amd64-05", "amd64", AcceptsKey: false), new("amd64-06", "amd64", Online: false), new("amd64-07", "amd64"),
        new("amd64-08", "amd64", KnownKey: false),
        new("arm64-01", "arm64"), new("arm64-02", "arm64"), new("arm64-03", "arm64"), new("arm64-04", "arm64", Online: false), new("arm64-05", "arm64"),
    ];

    [Fact]
    public async Task Waves_verify_smoke_roll_back_halt_on_the_budget_and_resume_until_every_reachable_host_is_done()
    {
        var good = await factory.SharedAsync();
        var tampered = await factory.MakeAsync("tampered", "2.3.1-2");
        foreach (var deb in Directory.GetFiles(tampered.Repository, "libopenh264-7_*.deb", SearchOption.AllDirectories))
            Corrupt(deb);
        var arm64Differs = await factory.MakeAsync("arm64-differs", "2.3.1-3", dist => ChangeRecordedDigest(dist, "arm64", frame: 7));
        var resigned = await factory.WithRepackedRepositoryAsync(await factory.MakeAsync("resigned", "2.3.1-4"), "resigned-repacked");

        await using var hosts = await FleetHosts.StartAsync(Hosts);
        await hosts.StartDetachedAsync("amd64-07", "python3", "-c",
            "import fcntl,time,os; f=open('/var/lib/dpkg/lock-frontend','w'); fcntl.lockf(f, fcntl.LOCK_EX); open('/run/lock-holder.pid','w').write(str(os.getpid())); time.sleep(100000)");
        using var driver = new RolloutDriver(factory, hosts, SeedWithKnownFirstWaves());

        // A tampered package: apt refuses it on both canaries, the rollout halts, no other host is touched.
        var run = await driver.RunAsync(tampered, "tampered", "50%");
        Assert.Contains("a canary failed", run.Halt?.Message);
        Assert.Equal(["amd64-01", "arm64-01"], run.Ledger.Hosts.Keys.Order());
        foreach (var canary in run.Ledger.Hosts.Values)
        {
            Assert.Equal(HostResult.Failed, canary.State);
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(canary.Error ?? "", "(?i)hash sum mismatch|size mismatch"), $"{canary.Host}: {canary.Error}");
            Assert.Equal(Distribution, canary.VersionAfter);
        }

        // A repository re-signed with the release's own key but other bytes: apt takes it, the signed sums do not,
        // and the check comes before dpkg: dpkg's log never mentions the version.
        run = await driver.RunAsync(resigned, "resigned", "50%");
        Assert.Contains("a canary failed", run.Halt?.Message);
        foreach (var canary in run.Ledger.Hosts.Values)
        {
            Assert.True(canary.State == HostResult.Failed, $"{canary.Host}: {canary.State}: {canary.Error}");
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(canary.Error ?? "",
                "\\.deb has sha256 [0-9a-f]{64}, the signed SHA256SUMS says [0-9a-f]{64}: refused before dpkg"), $"{canary.Host}: {canary.Error}");
            Assert.Equal(Distribution, canary.VersionAfter);
            var dpkgLog = await hosts.ExecAsync(canary.Host, "sh", "-c", "cat /var/log/dpkg.log");
            Assert.DoesNotContain(resigned.Manifest.DebianVersion, dpkgLog.Output);
        }

        await PicturesDifferOnArm64ThenRollBackExactly(hosts, driver, arm64Differs);

        // arm64-02 already has the release's smoke package, its program since changed: apt installs nothing over
        // it, the program's sha256 says no, and it is never run.
        var smokeDeb = Path.Combine(good.Dist, good.Manifest.Architectures["arm64"].SmokeDeb);
        await hosts.PutFileAsync("arm64-02", smokeDeb, "/root");
        await hosts.ExecAsync("arm64-02", "sh", "-c",
            $"dpkg -i /root/{Path.GetFileName(smokeDeb)} && printf x >> /usr/lib/aarch64-linux-gnu/openh264-fleet-smoke/h264harness");

        // The good release with 40 %: canaries pass; in the 25 % wave (2 hosts, so none may fail) the full disk
        // fails, so does the changed smoke program, and the wave's gate halts before the 100 % wave, though the
        // whole run's budget (4) is not spent.
        run = await driver.RunAsync(good, "good", "40%");
        Assert.Contains("2 of the 2 host(s) of wave 25 % failed or rolled back, over the wave's budget of 0", run.Halt?.Message);
        Assert.Equal(["amd64-01", "amd64-02", "arm64-01", "arm64-02"], run.Ledger.Hosts.Keys.Order());
        Assert.All(new[] { run.Host("amd64-01"), run.Host("arm64-01") },
            h => Assert.True(h.State == HostResult.Done && h.Smoke == "pass", $"{h.Host}: {h.Error}"));
        Assert.Equal(Distribution, run.Host("amd64-01").VersionBefore);
        Assert.Contains("not enough free space", run.Host("amd64-02").Error);
        Assert.Equal(HostResult.RolledBack, run.Host("arm64-02").State);
        Assert.Matches("h264harness has sha256 [0-9a-f]{64}, the signed release says [0-9a-f]{64}: not run", run.Host("arm64-02").Error);
        var canariesDoneAt = run.Host("amd64-01").FinishedAt;

        // Resumed with a budget of six and four offline allowed: canaries are not redone; every fault ends in its own
        // clear result; the unreachable hosts are not failures. amd64-03 has lost its cached package (and has no apt
        // source): it is refused before anything changes.
        await hosts.ExecAsync("amd64-03", "sh", "-c", "rm -f /var/cache/apt/archives/libopenh264-7_*_amd64.deb");
        var pause = PauseWhenItsWaveReachesIt(hosts, "arm64-05");
        run = await driver.RunAsync(good, "good", "6", offlineBudget: "4");
        await pause;
        Assert.True(run.Halt is null, run.Halt?.Message);
        Assert.Equal(canariesDoneAt, run.Host("amd64-01").FinishedAt);
        Assert.Equal(4, run.Summary!.Failures);
        Assert.Equal(4, run.Summary.Unreachable);
        AssertState(run, HostResult.Done, "amd64-04", "arm64-02", "arm64-03");
        AssertState(run, HostResult.Unreachable, "amd64-05", "amd64-06", "arm64-04", "arm64-05");
        AssertState(run, HostResult.Failed, "amd64-02", "amd64-03", "amd64-07", "amd64-08");
        Assert.Contains("Permission denied", run.Host("amd64-05").Error);
        Assert.Contains("lock", run.Host("amd64-07").Error);
        Assert.Contains("no exact copy of the installed libopenh264-7:amd64", run.Host("amd64-03").Error);
        Assert.Equal(Distribution, run.Host("amd64-03").VersionAfter);
        Assert.Contains($"host key of amd64-08", run.Host("amd64-08").Error);
        Assert.Contains($"ssh-keyscan -H", run.Host("amd64-08").Error);
        Assert.Equal(Distribution, run.Host("amd64-07").VersionAfter);

        // Maintenance over: the offline hosts are back, the pause and the lock are gone. A re-run catches them up.
        await hosts.StartAsync("amd64-06");
        await hosts.StartAsync("arm64-04");
        await hosts.UnpauseAsync("arm64-05");
        await hosts.ExecAsync("amd64-07", "sh", "-c", "kill $(cat /run/lock-holder.pid)");
        await hosts.WriteInventoryAsync();
        // amd64-05 still refuses the login: one unreachable host, allowed (2 % of 13 hosts would allow none).
        run = await driver.RunAsync(good, "good", "6", offlineBudget: "1");
        Assert.True(run.Halt is null, run.Halt?.Message);
        AssertState(run, HostResult.Done, "amd64-01", "amd64-04", "amd64-06", "amd64-07", "arm64-01", "arm64-02", "arm64-03", "arm64-04", "arm64-05");
        AssertState(run, HostResult.Failed, "amd64-02", "amd64-03", "amd64-08");
        Assert.Equal(HostResult.Unreachable, run.Host("amd64-05").State);

        var report = JsonNode.Parse(await File.ReadAllTextAsync(run.Report))!;
        Assert.Equal(13, report["hosts"]!.AsArray().Count);
        Assert.All(report["hosts"]!.AsArray(), h => Assert.NotNull(h!["state"]));
        Assert.Equal(["amd64-05"], report["unreachable"]!.AsArray().Select(h => h!.GetValue<string>()));
        await AssertEveryHostHasAWorkingLibrary(hosts, good);
    }

    /// <summary>
    /// Pictures that differ on arm64 only: the amd64 canary is done, the arm64 canary rolled back to the exact .deb it
    /// had (Debian's own, by sha256). --rollback then takes the amd64 canary back, but only with the kept copy whose
    /// sha256 the ledger holds: a copy changed on the host is refused, the true one goes back.
    /// </summary>
    private static async Task PicturesDifferOnArm64ThenRollBackExactly(FleetHosts hosts, RolloutDriver driver, FleetTestRelease release)
    {
        var run = await driver.RunAsync(release, "arm64-differs", "50%");
        Assert.Contains("a canary failed (arm64-01)", run.Halt?.Message);
        Assert.Equal(HostResult.Done, run.Host("amd64-01").State);
        Assert.Equal(release.Manifest.DebianVersion, run.Host("amd64-01").VersionAfter);
        Assert.Equal(DebianDebSha256("amd64"), run.Host("amd64-01").KeptSha256);
        var arm = run.Host("arm64-01");
        Assert.Equal(HostResult.RolledBack, arm.State);
        Assert.Equal("fail", arm.Smoke);
        Assert.Contains("picture 7 differs from the digest recorded at build time for arm64", arm.Error);
        Assert.Equal(Distribution, arm.VersionAfter);
        Assert.Equal(DebianDebSha256("arm64"), arm.KeptSha256);

        const string kept = "/var/lib/openh264-fleet/keep/libopenh264-7_" + Distribution + "_amd64.deb";
        await hosts.ExecAsync("amd64-01", "sh", "-c", $"cp {kept} /root/kept.deb && printf x >> {kept}");
        run = await driver.RunAsync(release, "arm64-differs", "50%", rollback: true);
        Assert.Contains("could not be rolled back", run.Halt?.Message);
        // Still on the release, its kept package still recorded: a later --rollback tries again.
        Assert.Matches("rollback failed: .*has sha256 [0-9a-f]{64}, [0-9a-f]{64} was recorded when it was kept", run.Host("amd64-01").Error);
        Assert.Equal(HostResult.Done, run.Host("amd64-01").State);
        Assert.Equal(release.Manifest.DebianVersion, run.Host("amd64-01").VersionAfter);

        await hosts.ExecAsync("amd64-01", "sh", "-c", $"mv /root/kept.deb {kept}");
        run = await driver.RunAsync(release, "arm64-differs", "50%", rollback: true);
        Assert.True(run.Halt is null, run.Halt?.Message);
        Assert.Equal(HostResult.Reverted, run.Host("amd64-01").State);
        Assert.Equal(Distribution, run.Host("amd64-01").VersionAfter);
        var library = await hosts.ExecAsync("amd64-01", "sh", "-c", "sha256sum \"$(readlink -f /usr/lib/x86_64-linux-gnu/libopenh264.so.7)\"");
        Assert.StartsWith(Sha256Sums.Digest(new FileInfo(await DebianOpenH264.LibraryAsync(TargetArch.X86_64, CompatFixture.DebianCache))
            .ResolveLinkTarget(true)!.FullName), library.Output);
    }

    /// <summary>The sha256 of Debian's own libopenh264-7 .deb, as the tests downloaded it.</summary>
    private static string DebianDebSha256(string arch) =>
        Sha256Sums.Digest(Directory.GetFiles(Path.Combine(CompatFixture.DebianCache, $"libopenh264-7-{arch}", "download"), "*.deb").Single());

    /// <summary>A seed whose waves start with amd64-01 and arm64-01 as canaries and amd64-02 and arm64-02 as the 25 % wave.</summary>
    private static int SeedWithKnownFirstWaves()
    {
        var fleet = Hosts.Select(h => new FleetHost(h.Name, h.Arch)).ToList();
        for (var seed = 0; ; seed++)
        {
            var waves = WavePlan.For(fleet, new HashSet<string>(), seed);
            if (waves[0].Hosts.Select(h => h.Name).Order().SequenceEqual(["amd64-01", "arm64-01"])
                && waves[1].Name == "25 %" && waves[1].Hosts.Select(h => h.Name).Order().SequenceEqual(["amd64-02", "arm64-02"]))
                return seed;
        }
    }

    private static void AssertState(RolloutRun run, string state, params string[] names)
    {
        foreach (var name in names)
            Assert.True(run.Host(name).State == state, $"{name}: expected {state}, was {run.Host(name).State}: {run.Host(name).Error}");
    }

    /// <summary>Pauses a host (through the engine) as soon as the play has begun on it: the keep folder appears.</summary>
    private static async Task PauseWhenItsWaveReachesIt(FleetHosts hosts, string host)
    {
        for (var i = 0; i < 1200; i++)
        {
            if ((await hosts.ExecAsync(host, "test", "-d", "/var/lib/openh264-fleet/keep")).ExitCode == 0)
            {
                // The cgroup freezer can refuse while processes are being forked ("unable to freeze"): try again.
                for (var attempt = 0; ; attempt++)
                {
                    try { await hosts.PauseAsync(host); return; }
                    catch (Docker.DotNet.DockerApiException) when (attempt < 20) { await Task.Delay(100); }
                }
            }
            await Task.Delay(250);
        }
        Assert.Fail($"the rollout never reached {host}");
    }

    /// <summary>
    /// Every host (the one that refuses logins included) has a sound dpkg and a libopenh264.so.7 that is either
    /// Debian's (never touched, or rolled back) or the release's, byte for byte.
    /// </summary>
    private static async Task AssertEveryHostHasAWorkingLibrary(FleetHosts hosts, FleetTestRelease release)
    {
        foreach (var spec in Hosts)
        {
            var arch = spec.Arch == "amd64" ? TargetArch.X86_64 : TargetArch.Aarch64;
            var debian = Formats.Sha256Sums.Digest(
                new FileInfo(await OpenH264Build.Baselines.DebianOpenH264.LibraryAsync(arch, OpenH264Build.Tests.Compat.CompatFixture.DebianCache)).ResolveLinkTarget(true)!.FullName);
            var audit = await hosts.ExecAsync(spec.Name, "dpkg", "--audit");
            Assert.True(audit.ExitCode == 0 && audit.Output.Trim().Length == 0, $"{spec.Name}: dpkg --audit: {audit.Output}");
            var library = await hosts.ExecAsync(spec.Name, "sh", "-c", $"sha256sum \"$(readlink -f /usr/lib/{FleetDebs.Triplet(arch)}/libopenh264.so.7)\" | cut -d' ' -f1");
            Assert.True(library.ExitCode == 0, $"{spec.Name}: no libopenh264.so.7: {library.Output}");
            Assert.Contains(library.Output.Trim(), new[] { debian, release.Manifest.Architectures[spec.Arch].LibrarySha256 });
        }
    }

    private static void Corrupt(string file)
    {
        var bytes = File.ReadAllBytes(file);
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5a;
        File.WriteAllBytes(file, bytes);
    }

    /// <summary>What a library that decodes one picture differently on one arch looks like to the rollout.</summary>
    private static void ChangeRecordedDigest(string dist, string arch, int frame)
    {
        var path = Path.Combine(dist, FleetManifest.FileName);
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        var digests = manifest["architectures"]![arch]!["smokeDigests"]!.AsArray();
        var parts = digests[frame]!.GetValue<string>().Split(' ');
        parts[4] = new string(parts[4].Reverse().ToArray()) == parts[4] ? "0123456789abcdef" : new string(parts[4].Reverse().ToArray());
        digests[frame] = string.Join(' ', parts);
        File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}

using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Reporting;

public class RunReportTests(ReportFolder folder) : IClassFixture<ReportFolder>
{
    private static VerdictCell Cell(RunReport report, string check, string arch) => VerdictSummary.For(report, check, arch);

    [Fact]
    public async Task Verdicts_are_read_per_arch_and_missing_or_broken_reports_are_shown_not_fatal()
    {
        var report = await folder.Read();
        CheckReport Check(string check, string arch) => report.Checks.Single(c => c.Check == check && c.Arch == arch);

        Assert.Equal(("pass", VerdictTone.Good), (Check("abi", "x86_64").Verdict, Check("abi", "x86_64").Tone));
        Assert.Equal(("fail", VerdictTone.Bad), (Check("compat", "x86_64").Verdict, Check("compat", "x86_64").Tone));
        Assert.StartsWith("not valid JSON", Check("compat", "aarch64").Problem);
        Assert.Equal(ReportFolder.Candidate, Check("abi", "x86_64").CandidateSha256);
        Assert.Equal(ReportFolder.Started.AddMinutes(2), Check("abi", "x86_64").CheckedAt);
        Assert.Equal(new SoakFacts(true, 2, 9000, 360, 295.1, null), Check("compat", "x86_64").Soak);
        Assert.True(Check("abi", "x86_64").HasMarkdown);
    }

    [Fact]
    public async Task A_verdict_checked_before_the_run_started_reads_as_reused_from_the_cache()
    {
        var report = await folder.Read();
        Assert.Equal(("pass", "checked in this run (2026-11-29 10:02:00 UTC)"), (Cell(report, "abi", "x86_64").Word, Cell(report, "abi", "x86_64").Freshness));
        Assert.Equal(("pass", "reused from cache (run of 2026-11-28 10:00:00 UTC)"), (Cell(report, "abi", "aarch64").Word, Cell(report, "abi", "aarch64").Freshness));
        Assert.Equal("unreadable", Cell(report, "compat", "aarch64").Word);
    }

    [Fact]
    public async Task A_check_this_run_did_not_run_is_not_run_whatever_an_earlier_run_left()
    {
        var skipped = ReportFolder.Results.Select(r => r.Name == "Abi" ? r with { Status = TargetStatus.Skipped, Reason = "--skip" } : r).ToList();
        var report = await folder.Read(skipped);
        Assert.Equal(("not run", VerdictTone.Missing, "Abi: --skip"), (Cell(report, "abi", "x86_64").Word, Cell(report, "abi", "x86_64").Tone, Cell(report, "abi", "x86_64").Note));

        var withoutCompat = await folder.Read(ReportFolder.Results.Where(r => r.Name != "Compat").ToList());
        Assert.Equal("not run", Cell(withoutCompat, "compat", "x86_64").Word);
        Assert.Equal("not run", Cell(withoutCompat, "soak", "x86_64").Word);

        var onlyArm = await folder.Read(facts: ReportFolder.Facts with { RequestedArches = ["aarch64"] });
        Assert.Equal(("not run", "x86_64 was not asked for (--arch)"), (Cell(onlyArm, "abi", "x86_64").Word, Cell(onlyArm, "abi", "x86_64").Note));
    }

    [Fact]
    public async Task Soak_says_how_much_was_played_and_a_quick_run_is_not_run()
    {
        var report = await folder.Read();
        var soak = Cell(report, "soak", "x86_64");
        Assert.Equal("fail", soak.Word); // the soak streams are part of a compat run that failed
        Assert.Equal("2 streams, 9000 pictures (360 s of video at 25 fps), 295 frames/s (CPU time of the candidate's decodes)", soak.Note);

        var compat = report.Checks.Single(c => c.Check == "compat" && c.Arch == "x86_64");
        var quick = report with { Checks = report.Checks.Select(c => c == compat ? c with { Soak = c.Soak! with { Included = false } } : c).ToList() };
        Assert.Equal(("not run", "a quick run (--compat-quick) left the soak streams out"), (Cell(quick, "soak", "x86_64").Word, Cell(quick, "soak", "x86_64").Note));
    }

    [Fact]
    public async Task The_patch_list_is_read_with_its_links_and_a_missing_one_is_null()
    {
        var patches = (await folder.Read()).Patches!;
        Assert.Equal(["0001-fix-heap-overflow.patch", "0002-local-tweak.patch"], patches.Patches.Select(p => p.Name));
        Assert.Equal(new PatchLink("bug", "https://github.com/cisco/openh264/issues/3817"), patches.Patches[0].Links[0]);
        Assert.Null(PatchListReader.Read(Path.Combine(folder.Root.FullName, "nowhere")));
    }

    [Fact]
    public async Task Every_dist_file_is_listed_with_size_and_digest_and_the_release_signature_verifies()
    {
        var report = await folder.Read();
        var x86 = report.Packages.Single(p => p.Name == "openh264-2.3.1-1-linux-x86_64.tar.gz");
        Assert.Equal(3000, x86.Size);
        Assert.Equal(Formats.Sha256Sums.Digest(Path.Combine(folder.Dist, x86.Name)), x86.Sha256);
        Assert.Equal((SignatureState.Verified, SigningKeyKind.Release), (report.Signature.State, report.Signature.KeyKind));
    }

    [Theory]
    [InlineData("version=2.3.1-dev.56d4ac5 commit=56d4 time=2026-11-29T10:09:00Z key=development", SigningKeyKind.Development, "development key: not for release")]
    [InlineData("release 2.3.1-1", SigningKeyKind.Unknown, "verified, key kind not recorded")]
    [InlineData("version=2.3.1-1 commit=56d4 time=2026-11-29T10:09:00Z key=release", SigningKeyKind.Release, "release key, verified")]
    public void Only_a_release_key_is_shown_as_verified_in_green(string trustedComment, SigningKeyKind kind, string shown)
    {
        Assert.Equal(kind, DistReader.KeyKindOf("Trusted comment: " + trustedComment));
        var badge = RunSummarySection.KeyBadge(new SignatureStatus(SignatureState.Verified, "") { KeyKind = kind });
        Assert.Contains($">{shown}<", badge);
        Assert.Equal(kind == SigningKeyKind.Release, badge.Contains("badge good"));
    }

    [Fact]
    public async Task A_dist_changed_after_signing_or_without_a_key_or_signature_is_reported_as_such()
    {
        var copy = Directory.CreateTempSubdirectory("report-dist-");
        try
        {
            foreach (var file in Directory.GetFiles(folder.Dist)) File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            await File.AppendAllTextAsync(Path.Combine(copy.FullName, "SHA256SUMS"), "0000  smuggled.tar.gz\n");
            Assert.Equal(SignatureState.Invalid, DistReader.Signature(copy.FullName).State);

            File.Delete(Path.Combine(copy.FullName, "openh264.pub"));
            Assert.Equal(SignatureState.NotVerified, DistReader.Signature(copy.FullName).State);

            File.Delete(Path.Combine(copy.FullName, "SHA256SUMS.minisig"));
            Assert.Equal(SignatureState.Unsigned, DistReader.Signature(copy.FullName).State);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_page_encodes_what_reports_say_and_masks_secrets()
    {
        SecretMasker.Register("report-secret-value-42");
        var report = await folder.Read() with
        {
            Results = [new TargetResult("Sign", TargetStatus.Failed, TimeSpan.FromSeconds(1), "<script>alert(1)</script> key report-secret-value-42")],
        };
        var html = ReportPage.Render(report);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("report-secret-value-42", html);
    }

    [Fact]
    public async Task The_step_summary_has_a_verdict_row_per_arch_with_this_runs_verdicts()
    {
        var markdown = ReportAnnouncer.SummaryMarkdown(await folder.Read());
        Assert.Contains("| Arch | ABI | Compat | Soak |", markdown);
        Assert.Contains("| x86_64 | ✅ pass | ❌ fail | ❌ fail |", markdown);
        Assert.Contains("| aarch64 | ✅ pass, reused from cache (run of 2026-11-28 10:00:00 UTC) | ⚠️ unreadable | ⚠️ unreadable |", markdown);
        Assert.Contains("signature: ✅ verified (release key)", markdown);
    }
}

using OpenH264Build.Engine;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Reporting;

public class RunReportTests(ReportFolder folder) : IClassFixture<ReportFolder>
{
    internal static readonly TargetResult[] Results =
    [
        new("Compile", TargetStatus.Succeeded, TimeSpan.FromSeconds(83.4)),
        new("Abi", TargetStatus.Succeeded, TimeSpan.FromSeconds(4.2)),
        new("Publish", TargetStatus.Skipped, TimeSpan.Zero, "condition false: IsTag"),
    ];

    private Task<RunReport> Read() => RunReportReader.Read(Results, ["x86_64", "aarch64"], folder.Reports, folder.Dist);

    [Fact]
    public async Task Verdicts_are_read_per_arch_and_missing_or_broken_reports_are_shown_not_fatal()
    {
        var report = await Read();
        CheckReport Check(string check, string arch) => report.Checks.Single(c => c.Check == check && c.Arch == arch);

        Assert.Equal(("pass", VerdictTone.Good), (Check("abi", "x86_64").Verdict, Check("abi", "x86_64").Tone));
        Assert.Equal(("fail", VerdictTone.Bad), (Check("compat", "x86_64").Verdict, Check("compat", "x86_64").Tone));
        Assert.Equal(VerdictTone.Missing, Check("abi", "aarch64").Tone);
        Assert.StartsWith("not valid JSON", Check("compat", "aarch64").Problem);
        Assert.Contains(("glibc_max", "GLIBC_2.34"), Check("abi", "x86_64").Policy);
        Assert.Contains(Check("abi", "x86_64").Details, d => d.Name == "added_by_a_newer_stage");
    }

    [Fact]
    public async Task Heat_maps_named_by_a_report_are_read_and_a_missing_one_is_noted()
    {
        var images = (await Read()).Checks.Single(c => c.Check == "compat" && c.Arch == "x86_64").Images;
        Assert.Equal([ReportFolder.BaselinePicture, ReportFolder.CandidatePicture, ReportFolder.HeatMap], images.Select(i => i.Name));
        Assert.True(images[2].Exists);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], images[2].Content![..4]);
        Assert.False(images[1].Exists);
    }

    [Fact]
    public async Task Every_dist_file_is_listed_with_size_and_digest_and_the_signature_verifies()
    {
        var report = await Read();
        var amd64 = report.Packages.Single(p => p.Name == "libopenh264-7_2.3.1-1_amd64.tar.gz");
        Assert.Equal(3000, amd64.Size);
        Assert.Equal(DistReader.Sha256(Path.Combine(folder.Dist, amd64.Name)), amd64.Sha256);
        Assert.Contains(report.Packages, p => p.Name == "SHA256SUMS.minisig");
        Assert.Equal(SignatureState.Verified, report.Signature.State);
        Assert.Contains("release 2.3.1-1", report.Signature.Detail);
    }

    [Fact]
    public async Task Provenance_names_its_predicate_builder_and_subjects()
    {
        var provenance = Assert.Single((await Read()).Provenance);
        Assert.Equal("https://slsa.dev/provenance/v1", provenance.PredicateType);
        Assert.Equal("https://example.invalid/builder", provenance.Builder);
        Assert.Equal("libopenh264-7_2.3.1-1_amd64.tar.gz", Assert.Single(provenance.Subjects).Name);
    }

    [Fact]
    public async Task A_dist_changed_after_signing_or_without_a_key_or_signature_is_reported_as_such()
    {
        var copy = Directory.CreateTempSubdirectory("report-dist-");
        try
        {
            foreach (var file in Directory.GetFiles(folder.Dist)) File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            await File.AppendAllTextAsync(Path.Combine(copy.FullName, "SHA256SUMS"), "0000  smuggled.tar.gz\n");
            Assert.Equal(SignatureState.Invalid, (await DistReader.Signature(copy.FullName)).State);

            File.Delete(Path.Combine(copy.FullName, "openh264-release.pub"));
            Assert.Equal(SignatureState.NotVerified, (await DistReader.Signature(copy.FullName)).State);

            File.Delete(Path.Combine(copy.FullName, "SHA256SUMS.minisig"));
            Assert.Equal(SignatureState.Unsigned, (await DistReader.Signature(copy.FullName)).State);
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
        var report = await Read() with
        {
            Results = [new TargetResult("Sign", TargetStatus.Failed, TimeSpan.FromSeconds(1), "<script>alert(1)</script> key report-secret-value-42")],
        };
        var html = ReportPage.Render(report);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("report-secret-value-42", html);
    }

    [Fact]
    public async Task The_step_summary_has_a_verdict_row_per_arch()
    {
        var markdown = ReportAnnouncer.SummaryMarkdown(await Read());
        Assert.Contains("| x86_64 | ✅ pass | ❌ fail |", markdown);
        Assert.Contains("| aarch64 | ➖ no report | ⚠️ unreadable |", markdown);
        Assert.Contains("signature: ✅ verified", markdown);
    }
}

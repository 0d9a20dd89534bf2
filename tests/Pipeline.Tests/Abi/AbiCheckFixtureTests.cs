using OpenH264Build.Baselines;
using System.Text.Json;
using OpenH264Build.Abi;
using OpenH264Build.Elf;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Abi;

/// <summary>
/// The whole ABI check (abidw, abidiff, ELFSharp) on small real libraries built with gcc: one baseline and
/// one candidate per change the issue names, each with its verdict.
/// </summary>
public class AbiCheckFixtureTests
{
    private static async Task<AbiReport> Check(TempFolder temp, NativeBuildOutput baseline, NativeBuildOutput candidate,
        TargetArch arch = TargetArch.X86_64, string[]? floors = null, string? suppressions = null)
    {
        var floor = VersionFloor.Create(floors ?? [], ElfInspector.Read(baseline.SharedLibrary));
        var request = new AbiCheckRequest(arch, candidate,
            new BaselineLibrary(BaselineSource.Path, "fixture baseline", baseline),
            new BinaryPolicyRules("libfx.so.1", arch, floor),
            suppressions, temp.Sub("reports"), Path.Combine(temp.Path, "dist", $"fx-linux-{arch.Name()}.abi.xml"), temp.Sub("work"));
        return await AbiCheck.RunAsync(request);
    }

    private static string Changed(string text, string from, string to)
    {
        Assert.Contains(from, text);
        return text.Replace(from, to);
    }

    [Fact]
    public async Task An_internal_only_change_passes_and_is_listed_as_information()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"),
            source: Changed(FixtureLibrary.Source, "struct fx_state { int frames; };", "struct fx_state { long long bytes; int frames; };"));

        var report = await Check(temp, before, after);

        Assert.Equal("pass", report.Verdict);
        var info = Assert.Single(report.Findings, f => f.Subject.Contains("fx_state"));
        Assert.Equal(FindingSeverity.Info, info.Severity);
        Assert.StartsWith("internal-", info.Check);
    }

    [Fact]
    public async Task The_reports_name_the_full_sha256_of_both_libraries_and_when_the_check_ran()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"), source: Changed(FixtureLibrary.Source, "return 1;", "return 2;"));
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);

        await Check(temp, before, after);

        var candidate = OpenH264Build.Util.Sha256.OfFile(after.SharedLibrary);
        var baseline = OpenH264Build.Util.Sha256.OfFile(before.SharedLibrary);
        Assert.NotEqual(candidate, baseline);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(temp.Path, "reports", "abi-x86_64.json")));
        Assert.Equal(candidate, json.RootElement.GetProperty("candidateSha256").GetString());
        Assert.Equal(baseline, json.RootElement.GetProperty("baselineSha256").GetString());
        var checkedAt = DateTimeOffset.Parse(json.RootElement.GetProperty("checkedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(checkedAt, started, DateTimeOffset.UtcNow.AddSeconds(1));
        var markdown = await File.ReadAllTextAsync(Path.Combine(temp.Path, "reports", "abi-x86_64.md"));
        Assert.Contains(candidate, markdown);
        Assert.Contains(baseline, markdown);
        Assert.Contains("fx-linux-x86_64.abi.xml, beside the package", markdown);
    }

    [Fact]
    public async Task A_field_added_to_a_public_struct_fails_and_names_the_struct_with_old_and_new_size()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"),
            header: Changed(FixtureLibrary.Header, "int iThreadCount; int eEcActiveIdc;", "int iThreadCount; int bParseOnly; int eEcActiveIdc;"));

        var report = await Check(temp, before, after);

        Assert.Equal("fail", report.Verdict);
        var error = Assert.Single(report.Errors, f => f.Check == "changed-type");
        Assert.Contains("SDecodingParam", error.Subject);
        Assert.Equal(64, error.OldSize);
        Assert.Equal(96, error.NewSize);
        var failure = Assert.Throws<AbiCheckFailure>(() => AbiCheck.ThrowIfFailed(report, temp.Path));
        Assert.Contains("SDecodingParam", failure.Message);

        // The reports and the ABI dump are written; the JSON carries the verdict at the top level.
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(temp.Path, "reports", "abi-x86_64.json")));
        Assert.Equal("fail", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("x86_64", json.RootElement.GetProperty("arch").GetString());
        Assert.Equal("fixture baseline", json.RootElement.GetProperty("baseline").GetString());
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("subject").GetString()!.Contains("SDecodingParam") && f.GetProperty("newSize").GetInt64() == 96);
        Assert.Contains("SDecodingParam", await File.ReadAllTextAsync(Path.Combine(temp.Path, "reports", "abi-x86_64.md")));
        Assert.Contains("<abi-corpus", await File.ReadAllTextAsync(Path.Combine(temp.Path, "dist", "fx-linux-x86_64.abi.xml")));
    }

    [Fact]
    public async Task A_retyped_field_fails_and_names_the_struct()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"),
            header: Changed(FixtureLibrary.Header, "int iBufferStatus; unsigned long long", "long long iBufferStatus; unsigned long long"));

        var report = await Check(temp, before, after);

        Assert.Equal("fail", report.Verdict);
        Assert.Contains(report.Errors, f => f.Subject.Contains("SBufferInfo"));
    }

    [Fact]
    public async Task A_removed_function_fails_and_names_the_symbol()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"),
            header: Changed(FixtureLibrary.Header, "int FxFlush(void);", ""),
            source: Changed(FixtureLibrary.Source, "int FxFlush(void) { return getenv(\"FX_TRACE\") != 0; }", ""));

        var report = await Check(temp, before, after);

        Assert.Equal("fail", report.Verdict);
        var error = Assert.Single(report.Errors);
        Assert.Equal("FxFlush", error.Subject);
    }

    [Fact]
    public async Task A_changed_function_signature_fails()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"),
            header: Changed(FixtureLibrary.Header, "int FxGetVersion(void);", "int FxGetVersion(int detail);"),
            source: Changed(FixtureLibrary.Source, "int FxGetVersion(void) { return 1; }", "int FxGetVersion(int detail) { return detail; }"));

        var report = await Check(temp, before, after);

        Assert.Equal("fail", report.Verdict);
        Assert.Contains(report.Errors, f => f.Check == "changed-function" && f.Subject.Contains("FxGetVersion"));
    }

    [Fact]
    public async Task An_added_symbol_passes_with_a_note()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"),
            header: FixtureLibrary.Header + "\nint FxReset(void);\n",
            source: FixtureLibrary.Source + "\nint FxReset(void) { return 2; }\n");

        var report = await Check(temp, before, after);

        Assert.Equal("pass", report.Verdict);
        var note = Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Note);
        Assert.Equal("FxReset", note.Subject);
    }

    [Fact]
    public async Task A_new_needed_library_fails_and_names_it()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"), extraFlags: ["-Wl,--no-as-needed", "-lm"]);

        var report = await Check(temp, before, after);

        Assert.Equal("fail", report.Verdict);
        var error = Assert.Single(report.Errors);
        Assert.Equal("new-needed", error.Check);
        Assert.Equal("libm.so.6", error.Subject);
    }

    [Fact]
    public async Task A_symbol_newer_than_the_glibc_floor_fails_and_names_the_symbol_and_the_fix()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        // pthread_create moved into libc in glibc 2.34: new links bind pthread_create@GLIBC_2.34.
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"),
            source: "#include <pthread.h>\n" + FixtureLibrary.Source + "\nstatic void *run(void *a) { return a; }\nint FxStart(void) { pthread_t t; return pthread_create(&t, 0, run, 0); }\n");

        var report = await Check(temp, before, after, floors: ["GLIBC_2.31"]);

        Assert.Equal("fail", report.Verdict);
        var error = Assert.Single(report.Errors, f => f.Check == "version-floor");
        Assert.Equal("pthread_create@GLIBC_2.34", error.Subject);
        Assert.Contains("GLIBC_2.31", error.Message);
        Assert.Contains("--suite", error.Message);
    }

    [Fact]
    public async Task A_reviewed_suppression_accepts_a_public_struct_change_and_the_report_shows_it()
    {
        using var temp = new TempFolder();
        var before = await FixtureLibrary.BuildAsync(temp.Sub("old"));
        var after = await FixtureLibrary.BuildAsync(temp.Sub("new"),
            header: Changed(FixtureLibrary.Header, "unsigned long long uiInBsTimeStamp;", "unsigned long long uiInBsTimeStamp; int iReserved;"));
        var suppressions = Path.Combine(temp.Path, "abi-suppressions.ini");
        await File.WriteAllTextAsync(suppressions, "[suppress_type]\n  name = SBufferInfo\n");

        var report = await Check(temp, before, after, suppressions: suppressions);

        Assert.Equal("pass", report.Verdict);
        var accepted = Assert.Single(report.Findings, f => f.Severity == FindingSeverity.Accepted);
        Assert.Contains("SBufferInfo", accepted.Subject);
        Assert.Contains("| accepted |", report.ToMarkdown());
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Abi;
using OpenH264Build.Compat;
using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Reporting;

/// <summary>
/// A run's leftovers in a temporary folder, written by the pipeline's own report writers and real tools: ABI and
/// compatibility reports (with the digests and check times the checks record), a heat map drawn by ffmpeg, the
/// patch list, and a dist whose SHA256SUMS minisign signs with the trusted comment Sign writes.
/// The run started at <see cref="Started"/>: x86_64 was checked in it (ABI passes, Compat fails on one stream);
/// aarch64's ABI verdict was reused from the cache of an earlier run and its compat report is not JSON.
/// </summary>
public sealed class ReportFolder : IAsyncLifetime
{
    public static readonly DateTimeOffset Started = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    public const string Candidate = "4f1c0a5d9e8b7c6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa9988";
    public const string Baseline = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string Commit = "56d4ac5ae3a8f0d7e1f3bd2b49a3d1c5e1f0a4b2";

    internal static readonly TargetResult[] Results =
    [
        new("Compile", TargetStatus.Succeeded, TimeSpan.FromSeconds(83.4)),
        new("Abi", TargetStatus.Succeeded, TimeSpan.FromSeconds(4.2)),
        new("Compat", TargetStatus.Failed, TimeSpan.FromSeconds(40.1), "x86_64: foreman (decode): differs from frame 180"),
        new("Sign", TargetStatus.Succeeded, TimeSpan.FromSeconds(1.2)),
        new("Publish", TargetStatus.Skipped, TimeSpan.Zero, "--skip"),
    ];

    public static RunFacts Facts => new()
    {
        Version = "2.3.1-1", Commit = Commit, StartedAt = Started, RequestedArches = ["x86_64", "aarch64"],
        Suite = "bookworm", SuiteGlibc = "2.36", LogLink = "../logs/build-20261129T100000Z.log",
    };

    public DirectoryInfo Root { get; } = Directory.CreateTempSubdirectory("report-");
    public string Reports => Path.Combine(Root.FullName, "reports");
    public string Dist => Path.Combine(Root.FullName, "dist");
    public string Keys => Path.Combine(Root.FullName, "keys");

    public Task<RunReport> Read(IReadOnlyList<TargetResult>? results = null, RunFacts? facts = null) =>
        RunReportReader.Read(results ?? Results, ["x86_64", "aarch64"], Reports, Dist, default, facts ?? Facts);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Reports);
        Directory.CreateDirectory(Dist);
        Directory.CreateDirectory(Keys);
        await WriteAbiReports();
        await WriteCompatReports();
        await File.WriteAllTextAsync(Path.Combine(Reports, PatchListReader.FileName), """
            { "folder": "native/patches",
              "patches": [
                { "name": "0001-fix-heap-overflow.patch", "subject": "Fix heap overflow in WelsDecodeBs", "author": "Ann Example <ann@example.org>",
                  "links": [ { "kind": "bug", "url": "https://github.com/cisco/openh264/issues/3817" },
                             { "kind": "forwarded", "url": "https://github.com/cisco/openh264/pull/3818" } ], "warnings": [] },
                { "name": "0002-local-tweak.patch", "subject": "Quieter logging", "author": "Bo Example <bo@example.org>",
                  "links": [], "warnings": [ "DEP-3: no Forwarded field (recommended)" ] } ] }
            """);
        await WriteDist();
    }

    private async Task WriteAbiReports()
    {
        foreach (var (arch, checkedAt) in new[] { ("x86_64", Started.AddMinutes(2)), ("aarch64", Started.AddDays(-1)) })
        {
            new AbiReport(arch, "unpatched upstream, built by this pipeline (same image and flags)", "upstream",
                $"libopenh264.so.7 (sha256 {Candidate})", new Dictionary<string, string> { ["GLIBC"] = "GLIBC_2.31 (set by --abi-floor)" },
                $"openh264-<version>-linux-{arch}.abi.xml, beside the package",
                [new AbiFinding(FindingSeverity.Note, "added-function", "WelsGetDecoderCapability2", "function added")]).Write(Reports);
            await AddCheckFacts($"abi-{arch}.json", checkedAt);
        }
    }

    private async Task WriteCompatReports()
    {
        // Two of the three pictures the report names are drawn; the candidate's is missing, as after a disk-full.
        Directory.CreateDirectory(Path.Combine(Reports, "compat-x86_64"));
        foreach (var picture in new[] { "heatmap", "baseline" })
            await Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "1",
                Path.Combine(Reports, $"compat-x86_64/foreman-180-{picture}.png"));
        var difference = new StreamDifference("baseline", 180, "Y", ["Y"], 3, 7, 1, 396, "stays", null, null, 299, null,
            new DifferenceImagePaths("compat-x86_64/foreman-180-baseline.png", "compat-x86_64/foreman-180-candidate.png", "compat-x86_64/foreman-180-heatmap.png"));
        CompatReportWriter.Write(new CompatReport("fail", "x86_64", "upstream 2.3.1 (sha256 012345678901)", "patched (sha256 4f1c0a5d9e8b)", 1800, 12.5, 144,
        [
            new StreamResult("foreman", "decode", "fail", "differs from frame 180, plane Y, macroblock row 3 column 7", 300, 300, "aa", "bb",
                Oracle: null, Difference: difference),
            new StreamResult("baseline-cif", "decode", "pass", "300 pictures equal", 300, 300, "cc", "cc", Oracle: "ffmpeg", OracleVerdict: "equal"),
            new StreamResult("encode-cif", "encode", "pass", "same bytes as the baseline's encoder", 0, 0, "dd", "dd"),
        ]), Reports);
        await AddCheckFacts("compat-x86_64.json", Started.AddMinutes(5), new JsonObject
        {
            ["included"] = true, ["streams"] = 2, ["frames"] = 9000, ["playSeconds"] = 360, ["decodeSeconds"] = 30.5, ["framesPerSecond"] = 295.1,
        });
        await File.WriteAllTextAsync(Path.Combine(Reports, "compat-aarch64.json"), "{ this is not json");
    }

    /// <summary>The fields the checks add to every report: both digests in full and when the check ran.</summary>
    private async Task AddCheckFacts(string fileName, DateTimeOffset checkedAt, JsonObject? soak = null)
    {
        var path = Path.Combine(Reports, fileName);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        report["candidateSha256"] = Candidate;
        report["baselineSha256"] = Baseline;
        report["checkedAt"] = checkedAt.ToString("O");
        if (soak is not null) report["soak"] = soak;
        await File.WriteAllTextAsync(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private async Task WriteDist()
    {
        await File.WriteAllBytesAsync(Path.Combine(Dist, "openh264-2.3.1-1-linux-x86_64.tar.gz"), Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray());
        await File.WriteAllTextAsync(Path.Combine(Dist, "openh264-2.3.1-1-linux-aarch64.tar.gz"), "small");
        await File.WriteAllTextAsync(Path.Combine(Dist, "openh264-2.3.1-1-linux-x86_64.abi.xml"), "<abi-corpus/>");
        var sums = new StringBuilder();
        foreach (var file in Directory.GetFiles(Dist).Order(StringComparer.Ordinal))
            sums.Append($"{Formats.Sha256Sums.Digest(file)}  {Path.GetFileName(file)}\n");
        await File.WriteAllTextAsync(Path.Combine(Dist, "SHA256SUMS"), sums.ToString());

        await Run("minisign", "-G", "-W", "-p", Path.Combine(Keys, "release.pub"), "-s", Path.Combine(Keys, "release.key"));
        await Run("minisign", "-S", "-s", Path.Combine(Keys, "release.key"), "-m", Path.Combine(Dist, "SHA256SUMS"),
            "-t", $"version=2.3.1-1 commit={Commit} time=2026-11-29T10:09:00Z key=release");
        File.Copy(Path.Combine(Keys, "release.pub"), Path.Combine(Dist, "openh264.pub"));

        var statement = JsonSerializer.Serialize(new
        {
            _type = "https://in-toto.io/Statement/v1",
            subject = new[] { new { name = "openh264-2.3.1-1-linux-x86_64.tar.gz", digest = new { sha256 = Formats.Sha256Sums.Digest(Path.Combine(Dist, "openh264-2.3.1-1-linux-x86_64.tar.gz")) } } },
            predicateType = "https://slsa.dev/provenance/v1",
            predicate = new { runDetails = new { builder = new { id = "https://example.invalid/builder" } } },
        });
        var envelope = JsonSerializer.Serialize(new { payloadType = "application/vnd.in-toto+json", payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement)), signatures = Array.Empty<object>() });
        await File.WriteAllTextAsync(Path.Combine(Dist, "openh264-2.3.1-1.intoto.jsonl"), envelope + "\n");
    }

    public Task DisposeAsync()
    {
        Root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    public static async Task<BufferedCommandResult> Run(string program, params string[] args)
    {
        var result = await Cli.Wrap(program).WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(" ", args)}: {result.StandardError}");
        return result;
    }
}

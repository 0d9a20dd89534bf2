using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Compat;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Reporting;

/// <summary>
/// A run's leftovers in a temporary folder, made with the real tools: a heat map PNG drawn by ffmpeg, a dist
/// whose SHA256SUMS is signed by minisign with a key made for the test, and an in-toto provenance envelope.
/// x86_64 has both check reports (a failed Compat report with the pictures of a difference, one of them missing); aarch64 has a compat report that is not JSON and no ABI report.
/// </summary>
public sealed class ReportFolder : IAsyncLifetime
{
    public DirectoryInfo Root { get; } = Directory.CreateTempSubdirectory("report-");
    public string Reports => Path.Combine(Root.FullName, "reports");
    public string Dist => Path.Combine(Root.FullName, "dist");
    public string Keys => Path.Combine(Root.FullName, "keys");
    public const string BaselinePicture = "compat-x86_64/cb-cavlc-long-single-idr-180-baseline.png";
    public const string CandidatePicture = "compat-x86_64/cb-cavlc-long-single-idr-180-candidate.png";
    public const string HeatMap = "compat-x86_64/cb-cavlc-long-single-idr-180-heatmap.png";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Reports);
        Directory.CreateDirectory(Dist);
        Directory.CreateDirectory(Keys);

        // The pictures of a difference, where Compat puts them: the baseline's and the heat map drawn, the candidate's missing.
        Directory.CreateDirectory(Path.Combine(Reports, "compat-x86_64"));
        await Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=64x48", "-frames:v", "1",
            Path.Combine(Reports, HeatMap));
        File.Copy(Path.Combine(Reports, HeatMap), Path.Combine(Reports, BaselinePicture));

        await File.WriteAllTextAsync(Path.Combine(Reports, "abi-x86_64.json"), """
            { "arch": "x86_64", "verdict": "pass", "baseline": "libopenh264.so.7 2.3.1 (Debian)",
              "policy": { "glibc_max": "GLIBC_2.34", "forbidden_symbols": ["gets"] },
              "findings": [], "added_by_a_newer_stage": { "anything": true } }
            """);
        // A failed Compat report exactly as Compat writes it (its own records, its own writer).
        CompatReportWriter.Write(new CompatReport("fail", "x86_64", "unpatched upstream 2.3.1, built by this pipeline (sha256 0123456789ab)",
            "patch series native/patches (sha256 ba9876543210)", 1290, 12.5, 103.2,
        [
            new StreamResult("cb-cavlc-long-single-idr", "decode", "fail", "differs from baseline from frame 180, plane Y", 960, 960, "aa", "bb",
                Difference: new StreamDifference("baseline", 180, "Y", ["Y"], 0, 3, 9, 99, "grows", new PlanePsnr("38.2", "inf", "inf"),
                    new PlanePsnr("31.0", "inf", "inf"), 959, [new PsnrRow(180, 9, "38.2", "inf", "inf")],
                    new DifferenceImagePaths(BaselinePicture, CandidatePicture, HeatMap))),
            new StreamResult("cb-cabac-short", "decode", "pass", "identical", 30, 30, "cc", "cc"),
        ]), Reports);
        await File.WriteAllTextAsync(Path.Combine(Reports, "compat-aarch64.json"), "{ this is not json");

        await File.WriteAllBytesAsync(Path.Combine(Dist, "libopenh264-7_2.3.1-1_amd64.tar.gz"), Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray());
        await File.WriteAllTextAsync(Path.Combine(Dist, "libopenh264-7_2.3.1-1_arm64.tar.gz"), "small");
        var sums = new StringBuilder();
        foreach (var file in Directory.GetFiles(Dist).Order(StringComparer.Ordinal))
            sums.Append($"{DistReader.Sha256(file)}  {Path.GetFileName(file)}\n");
        await File.WriteAllTextAsync(Path.Combine(Dist, "SHA256SUMS"), sums.ToString());

        await Run("minisign", "-G", "-W", "-p", Path.Combine(Keys, "release.pub"), "-s", Path.Combine(Keys, "release.key"));
        await Run("minisign", "-S", "-s", Path.Combine(Keys, "release.key"), "-m", Path.Combine(Dist, "SHA256SUMS"), "-t", "release 2.3.1-1");
        File.Copy(Path.Combine(Keys, "release.pub"), Path.Combine(Dist, "openh264-release.pub"));

        var statement = JsonSerializer.Serialize(new
        {
            _type = "https://in-toto.io/Statement/v1",
            subject = new[] { new { name = "libopenh264-7_2.3.1-1_amd64.tar.gz", digest = new { sha256 = DistReader.Sha256(Path.Combine(Dist, "libopenh264-7_2.3.1-1_amd64.tar.gz")) } } },
            predicateType = "https://slsa.dev/provenance/v1",
            predicate = new { runDetails = new { builder = new { id = "https://example.invalid/builder" } } },
        });
        var envelope = JsonSerializer.Serialize(new { payloadType = "application/vnd.in-toto+json", payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement)), signatures = Array.Empty<object>() });
        await File.WriteAllTextAsync(Path.Combine(Dist, "openh264.intoto.jsonl"), envelope + "\n");
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

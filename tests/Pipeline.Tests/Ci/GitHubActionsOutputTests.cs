using OpenH264Build.Engine;
using OpenH264Build.Reporting;

namespace OpenH264Build.Tests.Ci;

#pragma warning disable CS0649 // filled by the engine through reflection
/// <summary>A build that does what the pipeline does on a runner: a secret, a target per group, a patch that does not apply.</summary>
internal sealed class RunnerSampleBuild : NukeBuild
{
    [Parameter("Signing key"), Secret] public string? SigningKey;

    public Target Fetch => _ => _.Description("fetch").Executes(() => Serilog.Log.Information("fetched with key {Key}", SigningKey));
    public Target Patch => _ => _.Description("patch").DependsOn(Fetch)
        .Executes(() => throw new BuildFailure("0003-fix-overflow.patch does not apply at hunk 2", "native/patches/0003-fix-overflow.patch", 12));
    public Target Package => _ => _.Description("package").DependsOn(Patch).Executes(() => { });
}
#pragma warning restore CS0649

/// <summary>
/// What a GitHub Actions runner reads from the build: workflow commands on standard output and the step summary
/// file. Console.Out, the engine's logger and the CI host are process-wide, so this runs alone (after the parallel
/// collections, in <see cref="Processes.ProcessStateCollection"/>) and puts them back.
/// </summary>
[Collection("Process state")]
public sealed class GitHubActionsOutputTests : IDisposable
{
    private const string Secret = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";
    private readonly string _summary = Path.GetTempFileName();
    private readonly StringWriter _stdout = new();
    private readonly TextWriter _originalOut = Console.Out;
    private readonly CiHost _originalHost = CiHost.Current;

    public GitHubActionsOutputTests()
    {
        Console.SetOut(_stdout);
        CiHost.Current = CiHost.Detect(name => name switch { "GITHUB_ACTIONS" => "true", "GITHUB_STEP_SUMMARY" => _summary, _ => null });
    }

    public void Dispose()
    {
        Console.SetOut(_originalOut);
        CiHost.Current = _originalHost;
        File.Delete(_summary);
    }

    [Fact]
    public async Task The_build_masks_secrets_groups_targets_annotates_failures_with_file_and_line_and_writes_the_summary()
    {
        var log = new StringWriter();
        var exitCode = await BuildRunner.RunAsync(new RunnerSampleBuild(), ["Package"], ["Package"],
            name => name == "SIGNING_KEY" ? Secret : null, log, logsDirectory: null);

        Assert.Equal(1, exitCode);
        var commands = _stdout.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal($"::add-mask::{Secret}", commands[0]);
        Assert.Equal(["::group::Fetch", "::endgroup::", "::group::Patch"], commands.Skip(1).Take(3));
        Assert.Contains("::error file=native/patches/0003-fix-overflow.patch,line=12::Patch: 0003-fix-overflow.patch does not apply at hunk 2", commands);
        Assert.DoesNotContain(Secret, log.ToString());
        Assert.Contains("fetched with key ***", log.ToString());

        var summary = File.ReadAllText(_summary);
        Assert.Contains("| Patch | failed (0003-fix-overflow.patch does not apply at hunk 2) |", summary);
        Assert.Contains("| Package | notrun (an earlier target failed) |", summary);
    }

    [Fact]
    public void Check_verdicts_become_annotations_on_their_report_files_and_a_summary_table()
    {
        var report = new RunReport([], ["x86_64", "aarch64"],
            [
                new CheckReport("abi", "x86_64", "abi-x86_64.json") { Verdict = "pass", Tone = VerdictTone.Good },
                new CheckReport("compat", "x86_64", "compat-x86_64.json") { Verdict = "fail", Tone = VerdictTone.Bad },
                new CheckReport("abi", "aarch64", "abi-aarch64.json") { Verdict = "review", Tone = VerdictTone.Unclear },
            ],
            [], new SignatureStatus(SignatureState.Unsigned, "no SHA256SUMS"), []);

        ReportAnnouncer.Announce(report, CiHost.Current, name => "artifacts/reports/" + name);

        var commands = _stdout.ToString();
        Assert.Contains("::error file=artifacts/reports/compat-x86_64.json,line=1::compat x86_64: verdict 'fail'", commands);
        Assert.Contains("::warning file=artifacts/reports/abi-aarch64.json,line=1::abi aarch64: verdict 'review'", commands);
        Assert.DoesNotContain("abi-x86_64.json", commands);
        Assert.Contains("| x86_64 | ✅ pass | ❌ fail |", File.ReadAllText(_summary));
    }
}

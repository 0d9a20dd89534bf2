using OpenH264Build.Ci;
using OpenH264Build.Engine;
using OpenH264Build.Reporting;
using Serilog;
using static OpenH264Build.Ci.WorkflowTarget;

namespace OpenH264Build;

/// <summary>
/// The GitHub Actions workflows, generated from this build's targets (GenerateWorkflows). Targets that other
/// parts of the pipeline declare later are named with <see cref="WhenDeclared"/>: they join the workflows as
/// soon as Build.cs declares them, and the workflow check test then asks for the files to be generated again.
/// </summary>
partial class Build
{
    static string WorkflowsDirectory => Path.Combine(RootDirectory, ".github", "workflows");

    /// <summary>
    /// What the runners keep between runs, all under artifacts/cache where the stages keep their content-addressed
    /// outputs: the base and toolchain images saved by Toolchain on CI (keyed by their recipe), the compiler caches
    /// (the newest, saved after every run), the downloaded source and the decode
    /// corpus of the compatibility check (keyed by the files that define them).
    /// </summary>
    static readonly WorkflowCache[] RunnerCaches =
    [
        new("images", "artifacts/cache/images", ["native/toolchain/**"]),
        new("ccache", "artifacts/cache/ccache", [], EveryRun: true),
        new("downloads", "artifacts/cache/downloads", ["native/source.json"]),
        new("corpus", "artifacts/cache/corpus", ["native/compat/**"]),
    ];

    internal static IReadOnlyList<Workflow> DeclaredWorkflows =>
    [
        new Workflow("ci.yml", "ci",
            new WorkflowTriggers(PushBranches: ["**"], PullRequest: true),
            [
                new WorkflowJob("pipeline", "pipeline",
                    [Required(nameof(Package)), Required(nameof(Abi)), Required(nameof(Compat)), Required(nameof(Report))])
                {
                    PerArch = true, Caches = RunnerCaches, UploadArtifacts = true,
                },
                new WorkflowJob("test", "test", [Required(nameof(Test))])
                {
                    Caches = RunnerCaches, UploadArtifacts = true,
                },
            ])
        {
            // A newer push to the same branch makes the older run moot.
            ConcurrencyGroup = "ci-${{ github.ref }}", CancelInProgress = true,
        },
        new Workflow("release.yml", "release",
            new WorkflowTriggers(PushTags: ["v*"]),
            [
                new WorkflowJob("test", "test", [Required(nameof(Test))]) { Caches = RunnerCaches },
                new WorkflowJob("publish", "publish",
                    [
                        Required(nameof(Package)), Required(nameof(Abi)), Required(nameof(Compat)), Required(nameof(Sign)),
                        Required(nameof(Verify)), Required(nameof(Publish)), Required(nameof(Report)),
                    ])
                {
                    Needs = ["test"], PassSecrets = true, UploadArtifacts = true, Caches = RunnerCaches,
                    // Only the job that publishes may write to the repository (its release).
                    Permissions = new Dictionary<string, string> { ["contents"] = "write" },
                },
            ])
        {
            // Two tags never publish at once, and a publish in progress is never cancelled half-way.
            ConcurrencyGroup = "release", CancelInProgress = false,
        },
    ];

    /// <summary>Every workflow file as the build generates it now, by file name.</summary>
    internal IReadOnlyDictionary<string, string> GenerateWorkflowTexts(out IReadOnlyList<string> leftOut)
    {
        var generator = new WorkflowGenerator(TargetGraph.From(this), ParameterSet.Of(GetType()),
            Enum.GetValues<TargetArch>().Select(a => a.Name()).ToList());
        var texts = DeclaredWorkflows.ToDictionary(w => w.FileName, generator.Generate);
        leftOut = generator.LeftOut;
        return texts;
    }

    void GenerateWorkflowFiles()
    {
        var texts = GenerateWorkflowTexts(out var leftOut);
        foreach (var target in leftOut)
            Log.Information("Not declared yet, left out: {Target}", target);

        var check = new BuildCommandCheck(TargetGraph.From(this), ParameterSet.Of(GetType()));
        var problems = texts.SelectMany(t => check.Check(t.Key, t.Value)).ToList();
        if (problems.Count > 0)
            throw new BuildFailure($"A generated workflow calls the build wrongly: {problems[0]}");

        var changed = WorkflowFiles.Write(WorkflowsDirectory, texts);
        Log.Information(changed.Count == 0 ? "Workflows are up to date" : "Wrote {Files}", string.Join(", ", changed));
    }

    /// <summary>
    /// The dist the page lists: the run's own staging dist while it exists (Package, Sign and the checks fill it),
    /// else the last promoted dist.
    /// </summary>
    static string ReportDistDirectory =>
        Directory.Exists(DistStagingDirectory) && Directory.EnumerateFileSystemEntries(DistStagingDirectory).Any() ? DistStagingDirectory : DistDirectory;

    static string ReportPagePath => Path.Combine(ReportsDirectory, "index.html");

    bool _reportRequested;

    /// <summary>The Report target: the page with the results so far; it is written again when the run ends, with every result.</summary>
    async Task WriteRunReport()
    {
        _reportRequested = true;
        var report = await ReadRunReport(Results);
        ReportPage.Write(report, ReportPagePath);
        Log.Information("Report: {Page}", Path.GetRelativePath(RootDirectory, ReportPagePath));
    }

    async Task<RunReport> ReadRunReport(IReadOnlyList<TargetResult> results) =>
        await RunReportReader.Read(results, Arch.Select(a => a.Name()).ToList(), ReportsDirectory, ReportDistDirectory, CancellationToken, RunFacts());

    /// <summary>What the page's top says about the run, from what the build knows (never a path of this machine).</summary>
    RunFacts RunFacts() => new()
    {
        Version = VersionText(),
        Commit = Git.Commit,
        StartedAt = StartedAt,
        RequestedArches = Arch.Select(a => a.Name()).ToList(),
        Suite = Suite,
        SuiteGlibc = SuiteGlibc.GetValueOrDefault(Suite),
        AbiFloor = AbiFloor,
        LogLink = LogFile is null ? null : Path.GetRelativePath(ReportsDirectory, LogFile).Replace(Path.DirectorySeparatorChar, '/'),
    };

    /// <summary>The package version, or why it is not known (a source pin that cannot be read does not stop the page).</summary>
    string? VersionText()
    {
        try { return Version.ToString(); }
        catch (Exception e) when (e is not OperationCanceledException) { return null; }
    }

    /// <summary>
    /// One page per run that asked for it, failed runs included (they need it most): the Report target may not
    /// have run when an earlier target failed, and the results are only complete now.
    /// </summary>
    void WriteReportPageAtEnd()
    {
        if (!_reportRequested && !Results.Any(r => r.Name == "Report")) return;
        try
        {
            var report = ReadRunReport(Results).GetAwaiter().GetResult();
            ReportPage.Write(report, ReportPagePath);
            ReportAnnouncer.Announce(report, CiHost.Current, name => Path.GetRelativePath(RootDirectory, Path.Combine(ReportsDirectory, name)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("The report page could not be written: {Message}", e.Message);
        }
    }
}

using OpenH264Build.Ci;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Stages;
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
    /// outputs: the base, toolchain and sandbox images saved on CI (keyed by everything they are made from), the
    /// compiler caches (the engine's ccache volumes exported as tars, the newest saved after every run), the
    /// downloaded source and the decode corpus of the compatibility check (keyed by the files that define them).
    /// </summary>
    static readonly WorkflowCache[] RunnerCaches =
    [
        new("images", "artifacts/cache/images", ImageRecipes),
        new("ccache", "artifacts/cache/ccache-archive", [], EveryRun: true),
        new("downloads", "artifacts/cache/downloads", ["native/source.json"]),
        new("corpus", "artifacts/cache/corpus", ["native/compat/**"]),
    ];

    /// <summary>
    /// What the images are made from: the recipe folders of the toolchain and sandbox images, and the code that
    /// makes the base image (its debootstrap recipe) and tags every image by its recipe.
    /// </summary>
    internal static string[] ImageRecipes =>
    [
        "native/toolchain/**", "native/sandbox/**",
        "build/Containers/BaseImageBuilder.cs", "build/Containers/ToolchainImageBuilder.cs",
    ];

    /// <summary>
    /// Targets that build or run code from the patched tree (or compile anything at all): no job that holds a secret
    /// runs them. Prerequisites and Fetch stay allowed: they install host tools and download the pinned source.
    /// </summary>
    internal static string[] UntrustedTargets =>
    [
        nameof(Patch), nameof(Toolchain), nameof(Compile), nameof(Package), nameof(Baseline),
        nameof(Abi), nameof(Compat), nameof(RawDecode), nameof(Test),
    ];

    /// <summary>
    /// Every job runs in Debian bookworm, where the pipeline is at home (it debootstraps from the machine's apt sources
    /// and fetches Debian's source package with its apt), pinned by digest so a job always starts from the same bits.
    /// To move to a newer bookworm image: <c>docker buildx imagetools inspect debian:bookworm</c>, take the "Digest:"
    /// of the manifest list, put it here and run ./build.sh GenerateWorkflows.
    /// </summary>
    internal const string JobImage =
        "debian:bookworm@sha256:b6507e340c43553136f5078284c8c68d86ec8262b1724dde73c325e8d3dcdeba";

    /// <summary>The GitHub environment the release jobs wait for; its required reviewers approve each
    /// release.</summary>
    internal const string ReleaseEnvironment = "release";

    static string Relative(string path) => Path.GetRelativePath(RootDirectory,
        path).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// The folders the release jobs hand on: the proved dist, its reports and its unsigned apt repository, the witness
    /// build's dist, then the signed dist and repository. An unsigned dist is left in artifacts/dist-partial.
    /// </summary>
    static WorkflowArtifact ProvedDist => new("proved-dist", "build", Relative(Paths.PartialDist),
        Relative(Paths.DistStaging));
    static WorkflowArtifact ProvedApt => new("proved-apt", "build", Relative(AptRepositoryDirectory),
        Relative(AptRepositoryDirectory));
    static WorkflowArtifact WitnessBuildDist => new("witness-dist", "witness", Relative(Paths.PartialDist),
        WitnessFolder);
    static WorkflowArtifact SignedApt => new("signed-apt", "sign", Relative(AptRepositoryDirectory),
        Relative(AptRepositoryDirectory));

    /// <summary>Where the sign job puts the witness build's dist for CompareBuilds.</summary>
    const string WitnessFolder = "artifacts/witness-dist";
    static WorkflowArtifact ProvedReports => new("proved-reports", "build", Relative(Paths.Reports),
        Relative(Paths.Reports));
    static WorkflowArtifact SignedDist => new("signed-dist", "sign", Relative(Paths.DistStaging), Relative(Paths.Dist));

    internal static IReadOnlyList<Workflow> DeclaredWorkflows =>
    [
        new Workflow("ci.yml", "ci",
            new WorkflowTriggers(PushBranches: ["**"], PullRequest: true),
            [
                new WorkflowJob("pipeline", "pipeline",
                    [Required(nameof(Package)), Required(nameof(Abi)), Required(nameof(Compat)),
                        Required(nameof(Report))])
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
        ReleaseWorkflow,
    ];

    /// <summary>
    /// build + prove (no secrets, read-only token) and a witness build of the same commit -> sign (only the signing and
    /// repository keys; takes the proved dist and checks it by its digests, CompareBuilds holds it against the
    /// witness's; compiles nothing: every target that builds or runs code from the patched tree is skipped) ->
    /// publish (only the tokens, the only job that may write). Sign and publish wait for the release environment's
    /// reviewers. No release job restores a cache: a pull request's run could have written it.
    /// </summary>
    static Workflow ReleaseWorkflow => new("release.yml", "release",
        new WorkflowTriggers(PushTags: ["v*"]),
        [
            new WorkflowJob("test", "test", [Required(nameof(Test))]),
            new WorkflowJob("build", "build and prove",
                [Required(nameof(Package)), Required(nameof(Abi)), Required(nameof(Compat)), Required(nameof(Report))])
            {
                Needs = ["test"], UploadArtifacts = true, Produces = [ProvedDist, ProvedReports, ProvedApt],
            },
            // The build job is not its own witness: a second build of the same commit, sharing nothing with the first.
            new WorkflowJob("witness", "witness build", [Required(nameof(Package))])
            {
                Needs = ["test"], Produces = [WitnessBuildDist],
            },
            new WorkflowJob("sign", "sign", [Required(nameof(CompareBuilds)), Required(nameof(Sign))])
            {
                Needs = ["build", "witness"], Environment = ReleaseEnvironment,
                Secrets = [nameof(SigningKey), nameof(SigningKeyPassword), nameof(RepositoryKey)],
                Privileged = false,
                Consumes = [ProvedDist, ProvedReports, ProvedApt, WitnessBuildDist], Produces = [SignedDist, SignedApt],
                Skip = [nameof(Patch), nameof(Toolchain), nameof(Compile), nameof(Package)],
                Arguments = ["--witness-dist", WitnessFolder],
            },
            new WorkflowJob("publish", "publish", [Required(nameof(Verify)), Required(nameof(Publish))])
            {
                Needs = ["sign"], Environment = ReleaseEnvironment, Secrets = [nameof(GithubToken),
                    nameof(UpstreamToken)],
                Privileged = false,
                Consumes = [SignedDist, SignedApt],
                // Only the job that publishes may write to the repository (its release).
                Permissions = new Dictionary<string, string> { ["contents"] = "write" },
            },
        ])
    {
        // Two tags never publish at once, and a publish in progress is never cancelled half-way.
        ConcurrencyGroup = "release", CancelInProgress = false,
    };

    /// <summary>What GenerateWorkflowsStage generates from: the workflows above and this build's targets and
    /// parameters.</summary>
    WorkflowOptions WorkflowOptions => new(DeclaredWorkflows, TargetGraph.From(this), ParameterSet.Of(GetType()),
        Enum.GetValues<TargetArch>().Select(a => a.Name()).ToList(), JobImage, UntrustedTargets, WorkflowsDirectory);

    /// <summary>Every workflow file as the build generates it now, by file name.</summary>
    internal IReadOnlyDictionary<string, string> GenerateWorkflowTexts(out IReadOnlyList<string> leftOut) =>
        new GenerateWorkflowsStage(WorkflowOptions).Texts(out leftOut);
}

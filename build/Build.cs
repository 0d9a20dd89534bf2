using OpenH264Build.Engine;
using OpenH264Build.Stages;

namespace OpenH264Build;

/// <summary>The table of contents: every target in order, with its dependencies, preconditions, description and the
/// stage class that does its work (Stages/); its parameters are in a partial file of its concern (build/README.md).
/// </summary>
partial class Build : NukeBuild
{
    public static Task<int> Main() => Execute<Build>(x => x.Default);

    Target Default => _ => _
        .Description("The whole local pipeline: fetch, patch, compile, package, prove ABI and pictures, sign, report")
        .DependsOn(Package, Abi, Compat, Sign, Report);

    Target Prerequisites => _ => _
        .Description("Install missing host tools (as root on Debian) and make sure a Docker engine answers")
        .Executes(() => Run(new PrerequisitesStage(mayInstall: !NoInstall)));

    Target Fetch => _ => _
        .Description("Fetch the pinned upstream OpenH264 tarball and verify its sha256")
        .DependsOn(Prerequisites).Executes(() => Run(new FetchStage()));

    Target Patch => _ => _
        .Description("Unpack the source and apply the DEP-3 patch series (native/patches or --patches)")
        .DependsOn(Fetch).Executes(() => Run(new PatchStage(PatchOptions)));

    Target ImportPatch => _ => _
        .Description("Add patches (git format-patch, pull request .patch, quilt folder) to the series; check it " +
            "applies")
        .DependsOn(Fetch).Requires(() => From != null).Executes(() => Run(new ImportPatchStage(ImportPatchOptions)));

    Target Toolchain => _ => _
        .Description("Build the toolchain image: debootstrap base, compilers, cross compilers, ccache")
        .DependsOn(Prerequisites).Executes(() => Run(new ToolchainStage()));

    Target Compile => _ => _
        .Description("Compile libopenh264.so.7 in a network-less container for each --arch")
        .DependsOn(Patch, Toolchain).Requires(() => Arch.Length > 0)
        .Executes(() => Run(new CompileStage(CompileCold)));

    Target Package => _ => _
        .Description("Make reproducible tarballs (library, headers, pkg-config, BUILDINFO, debug file) into " +
            "artifacts/dist")
        .DependsOn(Compile).Executes(() => Run(new PackageStage()))
        .Executes(() => Run(new FleetPackagesStage(FleetPackagesOptions)));

    Target Baseline => _ => _
        .Description("Choose each arch's baseline for Abi and Compat: unpatched upstream, previous release, " +
            "Debian's package or a path")
        .DependsOn(Fetch, Toolchain).Requires(() => Arch.Length > 0)
        .Executes(() => Run(new BaselineStage(BaselineOptions)));

    Target Abi => _ => _
        .Description("Prove each built .so is an ABI drop-in for the baseline and loads on the fleet (reports, ABI " +
            "dump with the package)")
        .DependsOn(Compile, Baseline).After(Package).Requires(() => Arch.Length > 0)
        .Executes(() => Run(new AbiStage(AbiOptions)));

    Target Compat => _ => _
        .Description("Decode the corpus with the baseline and the candidate library on each --arch; fail on any " +
            "picture that differs")
        .DependsOn(Compile, Baseline).After(Package, Abi).Requires(() => Arch.Length > 0)
        .Executes(() => Run(new CompatStage(CompatOptions)));

    Target RawDecode => _ => _
        .Description("Time the candidate's raw decode of the corpus in the sandbox image, arches side by side (bench)")
        .DependsOn(Compile).Unlisted().Executes(() => Run(new RawDecodeStage()));

    Target CompareBuilds => _ => _
        .Description("Compare the dist's libraries and packages with a second, independent build's " +
            "(--witness-dist); any difference stops the release")
        .After(Package).Executes(() => Run(new CompareBuildsStage(WitnessDistFolder)));

    Target Sign => _ => _
        .Description("Sign the dist: the apt repository, SHA256SUMS, minisign signatures, SLSA provenance, the " +
            "release public key")
        .DependsOn(Package).After(Abi, Compat, CompareBuilds)
        .Executes(() => Run(new SignStage(SignOptions(Paths.DistStaging, Paths.DevelopmentKeys), RunProvenance)));

    Target Verify => _ => _
        .Description("Check a release folder with the release policy, as a fleet host would: signatures, every " +
            "digest bound, verdicts")
        .After(Sign).Executes(() => Run(new VerifyStage(VerifyOptions)));

    Target Publish => _ => _
        .Description("Publish the release tag's dist as a GitHub release: draft, upload and verify every asset, " +
            "then publish")
        .After(Sign, Verify).Requires(() => Repository != null).Requires(() => DryRun || GithubToken != null)
        .Executes(() => Run(new PublishStage(PublishSettings)));

    Target ReportUpstream => _ => _
        .Description("Open an upstream issue from a Compat reproducer bundle (--repro), attached to a pre-release here")
        .Executes(() => Run(new ReportUpstreamStage(ReproForwardSettings)));

    Target Rollout => _ => _
        .Description("Roll a signed release out to an Ansible inventory in waves: canaries, 1/5/25/100 %, verify " +
            "and smoke-test each host, roll back failures")
        .After(Sign, Verify, Publish).Executes(() => Run(new RolloutStage(RolloutSettings)));

    Target Report => _ => _
        .Description("Write artifacts/reports/index.html: targets and durations, verdicts per arch, packages, " +
            "signature, provenance")
        .After(Package, Abi, Compat, Sign, Verify, Publish, Rollout)
        .Executes(() => Run(new ReportStage(() => Results, RunFacts())));

    Target GenerateWorkflows => _ => _
        .Description("Write .github/workflows (CI on every push and pull request, release on v* tags) from the " +
            "target graph")
        .Executes(() => Run(new GenerateWorkflowsStage(WorkflowOptions)));

    Target Test => _ => _
        .Description("Run the test suite (unit and integration, against the real Docker engine and tools)")
        .DependsOn(Prerequisites).Executes(() => Run(new TestStage(TestOptions)));
}

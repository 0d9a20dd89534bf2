using OpenH264Build.Baselines;
using OpenH264Build.Engine;
using OpenH264Build.Git;
using OpenH264Build.Host;
using OpenH264Build.Pipeline;
using OpenH264Build.Processes;

namespace OpenH264Build;

/// <summary>
/// What a run of the local pipeline reads and leaves, for its stamp (Engine/RunStamp.cs): while none of it changes,
/// the same command line answers at once, without Docker or git. Every stage is content-addressed over these inputs,
/// so an unchanged set cannot give a different dist; the images, ccache and decode cache are means, not inputs.
/// </summary>
partial class Build
{
    /// <summary>
    /// The targets whose every input is a file named below; a plan with any other target is never stamped.
    /// </summary>
    static readonly HashSet<string> TargetsWithNamedInputs =
    [
        nameof(Default), nameof(Prerequisites), nameof(Fetch), nameof(Patch), nameof(Toolchain), nameof(Compile),
        nameof(Package), nameof(Baseline), nameof(Abi), nameof(Compat), nameof(Sign), nameof(Report),
    ];

    protected internal override IReadOnlyList<StampRoot>? StampRoots(IReadOnlyCollection<string> plannedTargets) =>
        plannedTargets.All(TargetsWithNamedInputs.Contains) && BaselineIsLocal && !CompileCold
            ? StampRootsIn(new RunPaths(RootDirectory))
            : null;

    /// <summary>The inputs and outputs of the local pipeline in the checkout at <paramref name="paths"/>.</summary>
    internal IReadOnlyList<StampRoot> StampRootsIn(RunPaths paths) =>
        [
            // The checkout: sources, patches, recipes, corpus recipes, parameters.json; what git ignores aside.
            StampRoot.Input(paths.Root, "/artifacts", "/.git", "/.nuke/temp", "/.development-keys", "bin", "obj",
                "node_modules", "*.swp"),
            // The build program, by digest: ./build.sh starts it the moment it is compiled (its stat is then racy).
            StampRoot.Input(typeof(Build).Assembly.Location),
            .. GitStamp.Roots(paths.Root),
            .. BaselineFiles().Select(f => StampRoot.Input(Path.GetFullPath(f))),
            // Made by the run when missing, so taken when it ends: the development signing key.
            new(paths.DevelopmentKeys, TakenAtEnd: true),
            // Host tools: any Debian package installed, upgraded or removed; a tool found elsewhere on PATH.
            new("/var/lib/dpkg/status", TakenAtEnd: true, StatOnly: true),
            .. HostTools.Required.Select(t => HostProgram.Which(t.Command)).OfType<string>()
                .Select(p => new StampRoot(p, TakenAtEnd: true, StatOnly: true)),
            StampRoot.Output(paths.Dist), StampRoot.Output(paths.PartialDist), StampRoot.Output(paths.Reports),
            StampRoot.Output(Path.Combine(paths.Artifacts, "apt")),
            // Emptying a verdict cache is how a check is asked for again.
            StampRoot.Output(Path.Combine(paths.Cache, "abi-verdict")),
            StampRoot.Output(Path.Combine(paths.Cache, "compat-verdict")),
        ];

    /// <summary>
    /// A baseline fetched from an address, Debian's package from apt, or a .so whose debug file is found through its
    /// debug link in its folder, depends on more than the files named here.
    /// </summary>
    bool BaselineIsLocal => BaselineSource is not (BaselineSource.Debian or BaselineSource.Path)
                            && !IsAddress(BaselineRelease) && !IsAddress(BaselineChecksum);

    /// <summary>
    /// The baseline's files for each arch ({arch} replaced): a given path that changes is a changed input.
    /// </summary>
    IEnumerable<string> BaselineFiles() =>
        Arch.SelectMany(arch => new[] { BaselineRelease, BaselineChecksum, BaselineHeaders }
            .Select(value => ForArch(value, arch)))
            .OfType<string>().Where(p => File.Exists(p) || Directory.Exists(p)).Distinct();
}

using OpenH264Build.Caching;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Git;
using OpenH264Build.Packaging;
using OpenH264Build.Patching;
using OpenH264Build.Source;
using OpenH264Build.Versioning;

namespace OpenH264Build;

/// <summary>What targets hand on to the targets after them (as fields, the way a NUKE build shares state).</summary>
partial class Build
{
    SourcePin? pin;
    SourcePin Pin => pin ??= SourcePin.Load(Path.Combine(NativeDirectory, "source.json"));

    readonly StageCache Cache = new(CacheDirectory);
    readonly DistStaging DistStage = new(DistStagingDirectory, DistDirectory, PartialDistDirectory);

    GitInfo Git = new(null, null, [], false);

    /// <summary>The version packages are named with: --package-version, a release tag on HEAD, or development.</summary>
    ReleaseVersion Version => PackageVersion is { } explicitVersion
        ? ReleaseVersion.Parse(explicitVersion, Pin.Version, Git.Commit)
        : ReleaseVersion.FromTags(Git.TagsAtHead, Pin.Version, Git.Commit);

    /// <summary>The time written into archives: SOURCE_DATE_EPOCH, else the commit's time, so rebuilds are byte-identical.</summary>
    DateTime ReproducibleTime =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), out var epoch) ? DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime
        : Git.CommitTime?.UtcDateTime ?? Archives.TarWriter.DefaultEpoch;

    string? SourceTarball;
    IReadOnlyList<SeriesPatch> Series = [];
    PatchedTree.Result? PatchedSource;
    string? ToolchainImage;
    string? ToolchainImageId;
    readonly Dictionary<TargetArch, CompiledLibrary> Libraries = [];

    DockerEngine? docker;
    async Task<DockerEngine> DockerAsync() => docker ??= await DockerEngine.ConnectAsync(DockerHost, CancellationToken);

    protected internal override void OnBuildInitialized()
    {
        Git = GitInfo.ReadAsync(RootDirectory, CancellationToken).GetAwaiter().GetResult();
    }

    protected internal override void OnBuildFinished(bool succeeded)
    {
        // A run stopped by another run's lock touches nothing under artifacts/.
        if (ArtifactsLocked is false) { docker?.Dispose(); return; }
        if (succeeded) DistStage.Finish(ReplaceDist);
        else DistStage.Abandon();
        WriteReportPageAtEnd();
        artifactsLock?.Dispose();
        docker?.Dispose();
    }
}

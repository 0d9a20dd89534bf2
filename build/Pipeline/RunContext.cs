using OpenH264Build.Caching;
using OpenH264Build.Compat;
using OpenH264Build.Containers;
using OpenH264Build.Dist;
using OpenH264Build.Formats;
using OpenH264Build.Git;
using OpenH264Build.Host;
using OpenH264Build.Packaging;
using OpenH264Build.Versioning;
using OpenH264Build.Source;

namespace OpenH264Build.Pipeline;

/// <summary>
/// The one context of a run, handed to every stage: its settings, what git said when it began, the pinned source,
/// the version, the shared services (stage cache, Docker engine, sandbox) and the results of the stages so far.
/// Made once when the run starts; a stage adds its own result and never changes another's.
/// </summary>
public sealed class RunContext(RunSettings settings, GitInfo git, CancellationToken cancellation) : IAsyncDisposable
{
    public RunSettings Settings { get; } = settings;
    public RunPaths Paths => Settings.Paths;
    public IReadOnlyList<TargetArch> Arches => Settings.Arches;

    /// <summary>Cancelled on Ctrl-C: stages pass it on so containers are stopped and removed.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>What git said about the commit when the run began.</summary>
    public GitInfo Git { get; } = git;

    public StageResults Results { get; } = new();
    public StageCache Cache { get; } = new(settings.Paths.Cache);
    public DistStaging DistStage { get; } = new(settings.Paths.DistStaging, settings.Paths.Dist,
        settings.Paths.PartialDist,
        settings.WhyDistIncomplete);

    SourcePin? pin;

    /// <summary>The pinned upstream source (native/source.json), read when first asked for.</summary>
    public SourcePin Pin => pin ??= SourcePin.Load(Paths.SourcePin);

    /// <summary>The version packages are named with: --package-version, a release tag on HEAD, or
    /// development.</summary>
    public ReleaseVersion Version => Settings.PackageVersion is { } explicitVersion
        ? ReleaseVersion.Parse(explicitVersion, Pin.Version, Git.Commit)
        : ReleaseVersion.FromTags(Git.TagsAtHead, Pin.Version, Git.Commit);

    /// <summary>The tag a release of this run is published under: Publish's stricter reading of the same inputs as
    /// <see cref="Version"/> (--package-version, else the one release tag on HEAD; never a development
    /// version).</summary>
    public ReleaseTag ReleaseTag => ReleaseTag.Resolve(Settings.PackageVersion, Git.TagsAtHead);

    /// <summary>The time written into archives: SOURCE_DATE_EPOCH, else the commit's time, so rebuilds are
    /// byte-identical.</summary>
    public DateTime ReproducibleTime =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"),
            out var epoch) ? DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime
        : Git.CommitTime?.UtcDateTime ?? Archives.TarWriter.DefaultEpoch;

    readonly Lazy<Task<DockerEngine>> docker = new(() => DockerEngine.ConnectAsync(settings.DockerHost, cancellation));

    /// <summary>The Docker engine, connected when a stage first needs it.</summary>
    public Task<DockerEngine> DockerAsync() => docker.Value;

    /// <summary>Saved images of the CI caches (none at a desk unless --image-cache names a folder).</summary>
    public async Task<ImageArchive> ImageArchiveAsync() => new(await DockerAsync(), Settings.ImageCache);

    Task<string>? baseImage;

    /// <summary>The debootstrapped base image of the suite, which the toolchain and the sandbox images start
    /// from.</summary>
    public Task<string> BaseImageAsync() => baseImage ??= MakeBaseImageAsync();

    async Task<string> MakeBaseImageAsync() =>
        await new BaseImageBuilder(await DockerAsync(), Path.Combine(Paths.Artifacts, "tmp"), await ImageArchiveAsync())
            .EnsureAsync(Settings.Suite, Cancellation);

    Task<HarnessSandbox>? sandbox;

    /// <summary>The sandbox every program that loads a built library runs in: made from the base image once per
    /// machine.</summary>
    public Task<HarnessSandbox> SandboxAsync() => sandbox ??= MakeSandboxAsync();

    async Task<HarnessSandbox> MakeSandboxAsync()
    {
        var image = await SandboxImage.EnsureAsync(await DockerAsync(), await BaseImageAsync(), Paths.Native,
            await ImageArchiveAsync(), Cancellation);
        return new HarnessSandbox(await DockerAsync(), image, Settings.SandboxTimeLimit);
    }

    public async ValueTask DisposeAsync()
    {
        if (docker.IsValueCreated && docker.Value.IsCompletedSuccessfully) (await docker.Value).Dispose();
    }
}

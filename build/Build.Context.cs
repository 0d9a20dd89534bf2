using OpenH264Build.Containers;
using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Git;
using OpenH264Build.Pipeline;

namespace OpenH264Build;

/// <summary>
/// The run context: made once the parameters are read and git has been asked about the commit, handed to every stage,
/// which adds its immutable result to it (see build/Pipeline). At the end of the run the dist is committed or kept,
/// the report page written, and the engine connection closed.
/// </summary>
partial class Build
{
    RunContext? context;

    /// <summary>The run's context; a build used without the engine (a test signing a dist) gets one without git
    /// facts.</summary>
    internal RunContext Context => context ??= NewContext(new GitInfo(null, null, [], false));

    RunContext NewContext(GitInfo git) => new(new RunSettings
    {
        Paths = Paths,
        Arches = Arch,
        Suite = Suite,
        Jobs = Jobs,
        DockerHost = DockerHost,
        ImageCache = ImageCache ?? (IsServerBuild ? Path.Combine(Paths.Cache, "images") : null),
        CcacheArchive = CcacheArchive ?? (IsServerBuild ? Path.Combine(Paths.Cache, "ccache-archive") : null),
        PackageVersion = PackageVersion,
        SandboxTimeLimit = TimeSpan.FromSeconds(CompatTimeout),
        WhyDistIncomplete = DistCompleteness.WhyIncomplete,
    }, git, CancellationToken);

    /// <summary>Runs one stage on the run context, saying first what it does, and keeps its result for the stages after
    /// it.</summary>
    async Task Run<TResult>(IStage<TResult> stage) where TResult : class, IStageResult
    {
        Serilog.Log.Information("Stage: {Stage:l}", stage.ToString());
        Context.Results.Add(await stage.RunAsync(Context));
    }

    /// <summary>Runs one stage that gives no result, saying first what it does.</summary>
    async Task Run(IStage stage)
    {
        Serilog.Log.Information("Stage: {Stage:l}", stage.ToString());
        await stage.RunAsync(Context);
    }

    protected internal override async Task OnBuildInitializedAsync()
    {
        // A lab run says so before anything else: its first line, and the verdict of every release it lets through.
        if (AllowDevelopment) Serilog.Log.Warning(OpenH264Build.Dist.ReleasePolicy.LabLine);
        context = NewContext(await GitInfo.ReadAsync(RootDirectory, CancellationToken));
        ContainerLabels.OwnedBy(RootDirectory, Guid.NewGuid().ToString("N"));
    }

    protected internal override async Task OnBuildFinishedAsync(bool succeeded)
    {
        // A run stopped by another run's lock touches nothing under artifacts/.
        if (ArtifactsLocked is not false)
        {
            Context.DistStage.End(succeeded, ReplaceDist);
            await WriteReportPageAtEndAsync();
            artifactsLock?.Dispose();
        }
        await Context.DisposeAsync();
    }
}

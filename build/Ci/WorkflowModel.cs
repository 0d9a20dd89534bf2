namespace OpenH264Build.Ci;

/// <summary>
/// A target a workflow job runs, by name. <see cref="IfDeclared"/> lets a workflow name a target that another
/// part of the pipeline has not declared yet: it is left out (and reported) until the build declares it, after
/// which the generated file changes and the check test asks for the workflows to be generated again.
/// </summary>
internal sealed record WorkflowTarget(string Name, bool IfDeclared = false)
{
    public static WorkflowTarget Required(string name) => new(name);
    public static WorkflowTarget WhenDeclared(string name) => new(name, IfDeclared: true);
}

/// <summary>
/// A folder the runner keeps between runs with actions/cache. The key is the name, the runner's arch when the
/// job runs per arch, and the hash of <see cref="KeyFiles"/>; with <see cref="EveryRun"/> the key also holds
/// the commit, so the cache is saved after every run and the newest one is restored by prefix (ccache).
/// </summary>
internal sealed record WorkflowCache(string Name, string Path, IReadOnlyList<string> KeyFiles, bool EveryRun = false);

/// <summary>One job of a workflow: check out, install the SDK, restore caches, run ./build.sh with its
/// targets.</summary>
internal sealed record WorkflowJob(string Id, string Name, IReadOnlyList<WorkflowTarget> Targets)
{
    /// <summary>Run once per architecture in a matrix, passing <c>--arch</c>.</summary>
    public bool PerArch { get; init; }

    /// <summary>Jobs that must finish first (GitHub's <c>needs</c>).</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>The job's token permissions; a job gets nothing it does not name.</summary>
    public IReadOnlyDictionary<string, string> Permissions { get; init; } =
        new Dictionary<string, string> { ["contents"] = "read" };

    /// <summary>
    /// The secret parameters (by member name, e.g. SigningKey) this job reads, each passed from the secret of the same
    /// name in upper snake case (SIGNING_KEY) through the variable the parameter reads. A job gets no other secret.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>
    /// The GitHub environment the job waits for (e.g. "release", with required reviewers); its secrets are given only
    /// to
    /// jobs that name it. A job with an environment or secrets restores no cache (a pull request could have written
    /// it).
    /// </summary>
    public string? Environment { get; init; }

    /// <summary>Artifacts the job uploads after a good run, each with its digest as a job output for the jobs that take
    /// it.</summary>
    public IReadOnlyList<WorkflowArtifact> Produces { get; init; } = [];

    /// <summary>Artifacts the job downloads before its build, each checked against the digest its producing job
    /// recorded.</summary>
    public IReadOnlyList<WorkflowArtifact> Consumes { get; init; } = [];

    /// <summary>Targets the job's ./build.sh call skips (--skip): what must not run here, e.g. code from the patched
    /// tree.</summary>
    public IReadOnlyList<string> Skip { get; init; } = [];

    public IReadOnlyList<WorkflowCache> Caches { get; init; } = [];

    /// <summary>Parameters the job's ./build.sh call passes after its targets (e.g. where a downloaded artifact
    /// is).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// The job container runs <c>--privileged</c> (qemu registers its binfmt handlers). A job that holds secrets or
    /// waits for an environment must say false: it builds nothing, so it needs no privilege.
    /// </summary>
    public bool Privileged { get; init; } = true;

    /// <summary>Upload artifacts/ (without its cache) after the run, also when it failed: logs and reports are
    /// there.</summary>
    public bool UploadArtifacts { get; init; }

    public int TimeoutMinutes { get; init; } = 90;
}

/// <summary>
/// A folder one job hands to another: uploaded from <see cref="From"/> by <see cref="Job"/>, downloaded to
/// <see cref="To"/>. The producer records the sha256 of its file list (every file's sha256 and path) as a job output;
/// the consumer recomputes it and stops on any difference.
/// </summary>
internal sealed record WorkflowArtifact(string Name, string Job, string From, string To)
{
    public string OutputName => Name.Replace('-', '_') + "_sha256";
}

/// <summary>What starts a workflow.</summary>
internal sealed record WorkflowTriggers(
    IReadOnlyList<string>? PushBranches = null,
    IReadOnlyList<string>? PushTags = null,
    bool PullRequest = false);

/// <summary>One file in .github/workflows.</summary>
internal sealed record Workflow(string FileName, string Name, WorkflowTriggers On, IReadOnlyList<WorkflowJob> Jobs)
{
    /// <summary>Runs sharing a group never overlap; <see cref="CancelInProgress"/> decides whether a new one cancels
    /// the old.</summary>
    public string? ConcurrencyGroup { get; init; }
    public bool CancelInProgress { get; init; }
}

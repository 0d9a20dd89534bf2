using OpenH264Build.Compat;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build.Terminal;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>How one job of a batch ended. ExitCode is null when the sandbox ended before the job did.</summary>
public sealed record HarnessJobOutcome(string Name, int? ExitCode, bool TimedOut, bool OutOfMemory, string OutputFile,
    string Errors)
{
    /// <summary>Null for a clean end; else what a report says: a signal, an exit status, the time or memory
    /// limit.</summary>
    public string? Ending => (ExitCode, TimedOut, OutOfMemory) switch
    {
        (0, _, _) => null,
        (124, _, _) or (null, true, _) => "timeout",
        (null, _, true) => "out of memory",
        (null, _, _) => "did not run (the sandbox ended first)",
        ( > 128 and < 160, _, _) => $"signal {ExitCode - 128}{SignalName(ExitCode!.Value - 128)}",
        _ => $"exit {ExitCode}",
    };

    private static string SignalName(int signal) => signal switch
    {
        4 => " (SIGILL)", 6 => " (SIGABRT)", 7 => " (SIGBUS)", 8 => " (SIGFPE)", 9 => " (SIGKILL)",
            11 => " (SIGSEGV)", 15 => " (SIGTERM)",
        25 => " (SIGXFSZ: the file size limit)", _ => "",
    };
}

/// <summary>
/// Runs batches of the harness in the sandbox, one container per library: the harness for the arch (under qemu for
/// a foreign arch, qemu being in the sandbox image), the library, the batch's inputs, all read-only; one output
/// folder. The time limit applies to each job and to the whole container.
/// </summary>
public sealed class HarnessSandbox(DockerEngine engine, SandboxImage image, TimeSpan timeLimit)
{
    public const string LibraryPath = "/sandbox/lib/libopenh264.so.7";
    private const string HarnessPath = "/sandbox/h264harness";
    private const string JobsPath = "/sandbox/jobs";
    private const string RunJobs = "/usr/local/lib/sandbox/run-jobs.sh";

    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromMinutes(20);

    public SandboxImage Image => image;
    public TimeSpan TimeLimit => timeLimit;

    /// <summary>The sandbox of this repository's recipe on the engine at dockerHost (for tests and tools outside a
    /// build).</summary>
    public static async Task<HarnessSandbox> ForRepositoryAsync(string repositoryRoot, string? dockerHost,
        TimeSpan? timeLimit = null,
        CancellationToken ct = default)
    {
        var engine = await DockerEngine.ConnectAsync(dockerHost, ct);
        var baseImage = await new BaseImageBuilder(engine,
            Path.Combine(repositoryRoot, "artifacts", "tmp")).EnsureAsync("bookworm", ct);
        var image = await SandboxImage.EnsureAsync(engine, baseImage, Path.Combine(repositoryRoot, "native"), null, ct);
        return new HarnessSandbox(engine, image, timeLimit ?? DefaultTimeLimit);
    }

    /// <param name="companions">More files the library needs, mounted read-only at their own path (test shims).</param>
    public async Task<IReadOnlyDictionary<string, HarnessJobOutcome>> RunAsync(TargetArch arch, string harness,
        string library,
        HarnessBatch batch, string outputDirectory, IReadOnlyList<string>? companions = null,
            CancellationToken ct = default)
    {
        if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, true);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputDirectory))!);
        var jobsFile = outputDirectory + ".jobs";
        await File.WriteAllLinesAsync(jobsFile, batch.Lines, ct);
        var spec = Spec(arch, harness, library, batch, jobsFile, outputDirectory, companions);
        spec = spec with { OnProgressLine = line => ReportProgress(arch, spec.Name, line) };
        var outcome = await new SandboxContainer(engine, image).RunAsync(spec, ct);
        File.Delete(jobsFile);
        if (outcome.ExitCode != 0 && !outcome.TimedOut && !outcome.OutOfMemory)
            Log.Warning("Sandbox {Name} exited with {Exit}: {Log}", spec.Name, outcome.ExitCode, outcome.Log);
        return batch.Lines.Select(l => l.Split(' ', 2)[0]).ToDictionary(name => name,
            name => Outcome(name, outputDirectory, outcome));
    }

    /// <summary>The run-jobs script over the batch, with the harness, the library, the jobs file and the inputs mounted
    /// read-only.</summary>
    private SandboxSpec Spec(TargetArch arch, string harness, string library, HarnessBatch batch, string jobsFile,
        string outputDirectory,
        IReadOnlyList<string>? companions)
    {
        // By container path: one host file may be mounted twice (a test's shim wraps the baseline it is compared with).
        var files = batch.Inputs.ToDictionary(i => i.Value, i => i.Key);
        (files[HarnessPath], files[LibraryPath], files[JobsPath]) = (harness, library, jobsFile);
        foreach (var companion in companions ?? []) files[Path.GetFullPath(companion)] = Path.GetFullPath(companion);
        var (program, arguments) = new ArchExecutor(arch, "/usr/bin/qemu-aarch64-static").Command(HarnessPath, []);
        var seconds = ((int)Math.Ceiling(timeLimit.TotalSeconds))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new SandboxSpec($"harness-{arch.Name()}-{Path.GetFileName(outputDirectory)}",
            new[] { "/bin/sh", RunJobs, seconds, JobsPath, program }.Concat(arguments).ToList(), files, outputDirectory,
            timeLimit + TimeSpan.FromSeconds(30));
    }

    /// <summary>"progress NAME COUNT" from run-jobs.sh: the pictures a job has decoded so far, for the arch's frame
    /// meter.</summary>
    private static void ReportProgress(TargetArch arch, string container, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is ["progress", var job, var count] && long.TryParse(count, out var frames))
            Terminal.FrameMeter.Report(arch.Name(), $"{container}/{job}", frames);
    }

    private static HarnessJobOutcome Outcome(string name, string folder, SandboxOutcome sandbox)
    {
        var exitFile = Path.Combine(folder, name + ".exit");
        var errorFile = Path.Combine(folder, name + ".err");
        int? exit = File.Exists(exitFile) && int.TryParse(File.ReadAllText(exitFile).Trim(),
            out var code) ? code : null;
        var errors = File.Exists(errorFile) ? File.ReadAllText(errorFile) : "";
        return new HarnessJobOutcome(name, exit, sandbox.TimedOut, sandbox.OutOfMemory,
            Path.Combine(folder, name + ".out"), errors);
    }
}

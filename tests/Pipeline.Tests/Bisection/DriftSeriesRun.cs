using CliWrap.Buffered;
using OpenH264Build.Tests.Ci;
using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Bisection;

/// <summary>
/// One real <c>./build.sh Compat --arch aarch64 --compat-quick</c> of a series of three patches where only the second
/// drifts (Compat/Fixtures/9001-*: a luma shift of macroblock column 3 from picture 180 on, aarch64 only), in a tree of
/// its own: compiled, checked, bisected, and its reproducer bundle written. Two promises read this one run, and only
/// read it: the guilty patch and hunk named (<see cref="GuiltyPatchPipelineTests"/>) and the bundle that reproduces the
/// drift on a plain machine (<see cref="Compat.ReproBundlePipelineTests"/>). The drift is in the 960-picture corpus,
/// so the soak adds nothing here (SoakCompatTests owns it). Started by the first test that asks, not before: a
/// filtered run of another test of the collection does not pay for it.
/// </summary>
public sealed class DriftSeriesRun : IAsyncLifetime
{
    public const string Drift = "9001-test-aarch64-luma-drift-from-frame-180.patch";

    public static readonly string[] Series =
        ["0001-test-comment-in-the-decoder-core.patch", Drift, "0003-test-comment-in-the-encoder.patch"];

    private readonly SemaphoreSlim _once = new(1, 1);
    private TestTree? _tree;
    private BufferedCommandResult? _run;
    private readonly string _patches = Directory.CreateTempSubdirectory("drift-series-").FullName;

    /// <summary>The tree the run happened in (its reports, its ./build.sh for a later target that only reads them).</summary>
    internal TestTree Tree => _tree ?? throw new InvalidOperationException("RunAsync first");

    /// <summary>The run's exit code and output, the run made on the first call.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync()
    {
        await _once.WaitAsync();
        try
        {
            if (_run is null)
            {
                _tree = await TestTree.CreateAsync();
                _run = await _tree.BuildAsync("Compat", "--arch", "aarch64", "--compat-quick", "--patches", WriteSeries());
                // The tree is new and keeps no verdict: the check, its bisection and its bundle really ran.
                Assert.DoesNotContain(OpenH264Build.Caching.VerdictCache.ReusedPhrase, _run.StandardOutput);
            }
            return (_run.ExitCode, _run.StandardOutput + _run.StandardError);
        }
        finally { _once.Release(); }
    }

    private string WriteSeries()
    {
        foreach (var patch in Series)
        {
            var fixture = Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Bisection", "Fixtures", patch);
            if (!File.Exists(fixture)) fixture = Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Compat", "Fixtures", patch);
            File.Copy(fixture, Path.Combine(_patches, patch));
        }
        File.WriteAllLines(Path.Combine(_patches, "series"), Series);
        return _patches;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _tree?.Dispose();
        Directory.Delete(_patches, recursive: true);
        return Task.CompletedTask;
    }
}

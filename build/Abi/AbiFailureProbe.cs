using OpenH264Build.Bisection;
using OpenH264Build.Elf;
using OpenH264Build.Patching;

namespace OpenH264Build.Abi;

/// <summary>
/// The Abi probe: builds a prefix of the series and runs the same ABI check against the same baseline, quietly and
/// into a scratch folder; the failure is there when the first error of the failed check (same check, same symbol or
/// type) is among the prefix's errors.
/// </summary>
/// <param name="compile">Compiles the prefix for the arch and returns the library, its debug file and its
/// headers.</param>
public sealed class AbiFailureProbe(AbiCheckRequest request, AbiFinding firstError, string workDirectory,
    Func<IReadOnlyList<SeriesPatch>, CancellationToken, Task<NativeBuildOutput>> compile)
{
    private int _probes;

    public async Task<ProbeResult> ProbeAsync(IReadOnlyList<SeriesPatch> prefix, CancellationToken cancellationToken)
    {
        var candidate = await compile(prefix, cancellationToken);
        var scratch = Path.Combine(workDirectory, $"probe-{Interlocked.Increment(ref _probes)}");
        var report = await AbiCheck.RunAsync(request with
        {
            Candidate = candidate, ReportsDirectory = scratch, AbiDumpFile = null,
                WorkDirectory = Path.Combine(scratch, "work"),
        }, cancellationToken, publish: false);
        return report.Errors.Any(e => e.Check == firstError.Check && e.Subject == firstError.Subject)
            ? new ProbeResult(true, $"{firstError.Check} {firstError.Subject}") : ProbeResult.Pass;
    }
}

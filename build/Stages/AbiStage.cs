using OpenH264Build.Abi;
using OpenH264Build.Baselines;
using OpenH264Build.Bisection;
using OpenH264Build.Caching;
using OpenH264Build.Compilation;
using OpenH264Build.Elf;
using OpenH264Build.Host;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Stages;

/// <summary>
/// For each arch, proves the compiled .so is an ABI drop-in for the baseline and loads on the fleet; writes
/// abi-&lt;arch&gt;.md/.json and the abidw dump beside the package. Every arch is checked and reported before the first
/// failure stops the build, and a failure names the patch with which it appears.
/// </summary>
public sealed class AbiStage(AbiOptions options) : IStage
{
    public override string ToString() => "prove the ABI and binary policy";

    public async Task RunAsync(RunContext context)
    {
        var compiled = context.Results.Get<CompiledLibraries>("Abi");
        var baselines = context.Results.Get<ChosenBaselines>("Abi");
        var failures = new List<(AbiReport Report, string GuiltyPhrase)>();
        foreach (var arch in context.Arches)
        {
            var request = Request(context, arch, compiled.For(arch, "Abi").Output, baselines.For(arch, "Abi"));
            if (await CheckAsync(context, request) is not { } report) continue;
            if (report.Verdict != "pass") failures.Add((report,
                options.Bisect ? await BisectAsync(context, request, report) : ""));
        }
        foreach (var (report, phrase) in failures) ThrowIfFailed(context, report, phrase);
    }

    AbiCheckRequest Request(RunContext context, TargetArch arch, NativeBuildOutput candidate, BaselineLibrary baseline)
    {
        var floor = VersionFloor.Create(options.Floor, ElfInspector.Read(baseline.Library.SharedLibrary));
        var stem = Path.GetFileName(Packaging.LibraryPackager.PackageName(context.Version, arch))[..^".tar.gz".Length];
        return new AbiCheckRequest(arch, candidate, baseline,
            new BinaryPolicyRules("libopenh264.so.7", arch, floor, SuiteHint: "bullseye"),
            options.SuppressionFile, context.Paths.Reports,
                Path.Combine(context.Paths.DistStaging, stem + ".abi.xml"), context.Paths.Work("abi", arch));
    }

    /// <returns>The report, or null when the same inputs passed before and their verdict was restored.</returns>
    async Task<AbiReport?> CheckAsync(RunContext context, AbiCheckRequest request)
    {
        var key = await KeyAsync(request, context.Cancellation);
        var arch = request.Arch.Name();
        var outputs = new Dictionary<string, string>
        {
            ["abi.md"] = Path.Combine(request.ReportsDirectory, $"abi-{arch}.md"),
            ["abi.json"] = Path.Combine(request.ReportsDirectory, $"abi-{arch}.json"),
            ["abi.xml"] = request.AbiDumpFile!,
        };
        var verdicts = new VerdictCache(context.Cache);
        if (verdicts.TryReuse("abi-verdict", key, outputs, $"ABI {arch}")) return null;
        var report = await AbiCheck.RunAsync(request, context.Cancellation);
        if (report.Verdict == "pass") await verdicts.SaveAsync("abi-verdict", key, outputs);
        return report;
    }

    /// <summary>
    /// Everything the verdict depends on: both libraries with their debug files and headers, the suppressions, the
    /// floor
    /// and the version of libabigail (another libabigail may see what this one did not).
    /// </summary>
    async Task<VerdictKey> KeyAsync(AbiCheckRequest request, CancellationToken cancellationToken)
    {
        var (candidate, baseline) = (request.Candidate, request.Baseline);
        return new VerdictKey().Text("arch", request.Arch.Name())
            .Content("candidate", candidate.SharedLibrary).Content("candidate-debug",
                candidate.DebugFile).Content("candidate-headers", candidate.HeadersDirectory)
            .Text("baseline", baseline.Description).Content("baseline-so",
                baseline.Library.SharedLibrary).Content("baseline-debug", baseline.Library.DebugFile)
            .Content("baseline-headers", baseline.Library.HeadersDirectory).Content("baseline-dump", baseline.AbiDump)
            .Content("suppressions", request.SuppressionFile).Text("floor",
                string.Join(",", options.Floor)).Text("rules", "v3")
            .Text("libabigail", await LibabigailVersion.ReadAsync(cancellationToken));
    }

    static void ThrowIfFailed(RunContext context, AbiReport report, string guiltyPhrase)
    {
        try { AbiCheck.ThrowIfFailed(report, context.Paths.Reports); }
        catch (AbiCheckFailure e) when (guiltyPhrase.Length > 0) { throw new AbiCheckFailure(e.Message
            + guiltyPhrase); }
    }

    /// <summary>Abi's failure path: bisects with the same check and baseline; returns "; the ABI failure appears with
    /// ...", or "".</summary>
    static async Task<string> BisectAsync(RunContext context, AbiCheckRequest request, AbiReport report)
    {
        var prefixes = new PrefixCompiler(context);
        if (!prefixes.CanBisect) return "";
        var work = context.Paths.Work(Path.Combine("bisect", "abi"), request.Arch);
        var probe = new AbiFailureProbe(request, report.Errors.First(), work,
            async (prefix, ct) => (await prefixes.CompileAsync(request.Arch, prefix, ct)).Output);
        // Even against unpatched upstream the empty series is probed: a policy (e.g. --abi-floor) can fail upstream
        // itself.
        return await new GuiltyPatchSearch(prefixes.Series, context.Cancellation).NameAsync(
            () => Task.FromResult<SeriesProbe>(probe.ProbeAsync), work, emptySeriesPasses: false,
            "the ABI failure", Path.Combine(context.Paths.Reports, $"abi-{request.Arch.Name()}"));
    }
}

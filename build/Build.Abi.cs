using OpenH264Build.Abi;
using OpenH264Build.Caching;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build;

/// <summary>
/// The Abi target: for each --arch, prove the built .so is an ABI drop-in for the baseline and loads on the
/// fleet (see build/Abi). Writes artifacts/reports/abi-&lt;arch&gt;.md/.json and the abidw dump beside the package.
/// </summary>
partial class Build
{
    [Parameter("ABI baseline: auto (the previous release if --abi-baseline-release is set, else unpatched upstream), release, upstream, debian, path")]
    readonly AbiBaselineSource AbiBaseline = AbiBaselineSource.Auto;

    [Parameter("Previous release tarball for the ABI baseline: path or URL, {arch} is replaced (e.g. .../openh264-2.3.1-1-linux-{arch}.tar.gz)")]
    readonly string? AbiBaselineRelease;

    [Parameter("Published checksum of that tarball: its sha256, or a SHA256SUMS file (path or URL, {arch} is replaced)")]
    readonly string? AbiBaselineChecksum;

    [Parameter("A .so to use as ABI baseline with --abi-baseline path ({arch} is replaced); its .debug file is taken from beside it")]
    readonly string? AbiBaselinePath;

    [Parameter("Public headers of the path baseline (default: the candidate's include/wels)")]
    readonly string? AbiBaselineHeaders;

    [Parameter("Highest symbol versions the fleet provides, e.g. GLIBC_2.31,GLIBCXX_3.4.28 (default: the baseline's own)")]
    readonly string[] AbiFloor = [];

    [Parameter("Reviewed ABI changes to accept: a libabigail suppression file (default: native/abi-suppressions.ini)")]
    readonly string? AbiSuppressions;

    static string AbiWorkDirectory => Path.Combine(ArtifactsDirectory, "abi");

    /// <summary>Provided by the Compile stage: the patched build of an arch (stripped .so, its .debug, include/wels).</summary>
    partial void ProvideCompiledLibrary(TargetArch arch, ref NativeBuildOutput? output);

    /// <summary>Provided by the Compile stage: the same build with an empty patch series (the default baseline).</summary>
    partial void ProvideUnpatchedUpstreamLibrary(TargetArch arch, ref NativeBuildOutput? output);

    /// <summary>Provided by the Package stage: the file name stem of the package, e.g. openh264-2.3.1-1-linux-x86_64.</summary>
    partial void ProvidePackageStem(TargetArch arch, ref string? stem);

    async Task CheckAbi()
    {
        var reports = new List<AbiReport>();
        foreach (var arch in Arch)
        {
            NativeBuildOutput? candidate = null;
            ProvideCompiledLibrary(arch, ref candidate);
            if (candidate is null) throw new BuildFailure($"Abi: Compile provided no library for {arch.Name()}");
            string? stem = null;
            ProvidePackageStem(arch, ref stem);
            stem ??= $"openh264-{PackageVersion ?? "dev"}-linux-{arch.Name()}";
            if (await CheckAbiOf(arch, candidate, Path.Combine(DistStagingDirectory, stem + ".abi.xml")) is { } report)
                reports.Add(report);
        }
        // Every arch is checked and reported before the first failure stops the build.
        foreach (var report in reports) ThrowIfAbiFailed(report);
    }

    string? libabigailVersion;

    /// <summary>The judge is part of the verdict: another libabigail may see what this one did not.</summary>
    async Task<string> LibabigailVersion() => libabigailVersion ??=
        await OpenH264Build.Processes.HostProgram.ReadAsync("abidiff", ["--version"], CancellationToken);

    /// <summary>One arch: choose the baseline, run every check, write the reports and the ABI dump.</summary>
    /// <returns>The report, or null when the same inputs passed before and their verdict was restored.</returns>
    async Task<AbiReport?> CheckAbiOf(TargetArch arch, NativeBuildOutput candidate, string abiDumpFile)
    {
        var work = Path.Combine(AbiWorkDirectory, arch.Name());
        var baseline = await BaselineSelector.SelectAsync(arch,
            new BaselineOptions(AbiBaseline, AbiBaselineRelease, AbiBaselineChecksum, AbiBaselinePath, AbiBaselineHeaders),
            a =>
            {
                NativeBuildOutput? upstream = null;
                ProvideUnpatchedUpstreamLibrary(a, ref upstream);
                return Task.FromResult(upstream ?? throw new BuildFailure($"Abi: Compile cannot build unpatched upstream for {a.Name()}; choose --abi-baseline release, debian or path"));
            },
            work, CancellationToken);

        var floor = VersionFloor.Create(AbiFloor, ElfInspector.Read(baseline.Library.SharedLibrary));
        var suppressions = AbiSuppressions ?? Path.Combine(NativeDirectory, "abi-suppressions.ini");
        var request = new AbiCheckRequest(arch, candidate, baseline,
            new BinaryPolicyRules("libopenh264.so.7", arch, floor, SuiteHint: "bullseye"),
            suppressions, ReportsDirectory, abiDumpFile, work);

        // Everything the verdict depends on: both libraries with their debug files and headers, the suppressions,
        // the floor and the version of libabigail. The same inputs that passed once pass again without running libabigail.
        static string Digest(string? path) => path is null ? "" : File.Exists(path) ? Util.Sha256.OfFile(path) : Directory.Exists(path) ? Util.Sha256.OfDirectory(path) : "";
        var key = Util.Sha256.OfParts(("arch", arch.Name()), ("candidate", Digest(candidate.SharedLibrary)), ("candidate-debug", Digest(candidate.DebugFile)),
            ("candidate-headers", Digest(candidate.HeadersDirectory)), ("baseline", baseline.Description), ("baseline-so", Digest(baseline.Library.SharedLibrary)),
            ("baseline-debug", Digest(baseline.Library.DebugFile)), ("baseline-headers", Digest(baseline.Library.HeadersDirectory)),
            ("baseline-dump", Digest(baseline.AbiDump)), ("suppressions", Digest(suppressions)), ("floor", string.Join(",", AbiFloor)), ("rules", "v3"),
            ("libabigail", await LibabigailVersion()))[..24];
        var outputs = new Dictionary<string, string>
        {
            ["abi.md"] = Path.Combine(ReportsDirectory, $"abi-{arch.Name()}.md"),
            ["abi.json"] = Path.Combine(ReportsDirectory, $"abi-{arch.Name()}.json"),
            ["abi.xml"] = abiDumpFile,
        };
        var verdicts = new VerdictCache(Cache);
        if (verdicts.TryRestore("abi-verdict", key, outputs))
        {
            Log.Information("ABI {Arch}: PASS (inputs unchanged since the last check: verdict and reports reused)", arch.Name());
            return null;
        }
        var report = await AbiCheck.RunAsync(request, CancellationToken);
        if (report.Verdict == "fail") await NameGuiltyPatchOfAbiAsync(request, report);
        if (report.Verdict == "pass") await verdicts.SaveAsync("abi-verdict", key, outputs);
        return report;
    }
}

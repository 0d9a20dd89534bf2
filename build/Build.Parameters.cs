using OpenH264Build.Abi;
using OpenH264Build.Baselines;
using OpenH264Build.Engine;
using OpenH264Build.Host;

namespace OpenH264Build;

/// <summary>
/// Parameters as a whole: the environment variables they read (OPENH264_ARCH, not ARCH, which developers export
/// for kernel builds), and the checks every value passes before anything runs, so a wrong one costs a second and
/// names the accepted values instead of failing minutes later inside debootstrap or make.
/// </summary>
[EnvironmentPrefix("OPENH264")]
partial class Build
{
    [Parameter("Architectures to build: x86_64, aarch64 (default: both)",
        ReadBy = [nameof(Compile), nameof(Package), nameof(Baseline), nameof(Abi), nameof(Compat), nameof(RawDecode),
            nameof(Report)])]
    readonly TargetArch[] Arch = [TargetArch.X86_64, TargetArch.Aarch64];

    [Parameter(
        "Debian suite of the toolchain image: sets the glibc floor of the built library (bookworm, bullseye, trixie)",
        ReadBy = [nameof(Toolchain), nameof(Compile), nameof(Package), nameof(Report)])]
    readonly string Suite = "bookworm";

    [Parameter(
        "Package version, e.g. 2.3.1-1 (default: from a v<upstream>-<n> tag on HEAD, else a development version)",
        ReadBy = [nameof(Package), nameof(Sign), nameof(Publish), nameof(Report)])]
    readonly string? PackageVersion;

    [Parameter("Docker engine address (default: unix:///var/run/docker.sock)", EnvironmentVariable = "DOCKER_HOST",
        ReadBy = [nameof(Prerequisites), nameof(Toolchain), nameof(Compile), nameof(Baseline), nameof(Compat)])]
    readonly string? DockerHost;

    [Parameter("Do not install missing host tools or start dockerd; only report what is missing",
        ReadBy = [nameof(Prerequisites)])]
    readonly bool NoInstall;

    // Parameters more than one target reads, each with its check in CheckParameters below.

    [Parameter("Folder of the quilt patch series to apply (default: native/patches)",
        ReadBy = [nameof(Patch), nameof(ImportPatch), nameof(Publish)])]
    readonly string? Patches;

    [Parameter("Release folder Verify checks (default: the dist this run made, else artifacts/dist)",
        ReadBy = [nameof(Verify), nameof(Publish)])]
    readonly string? Dist;

    [Parameter(
        "Replace artifacts/dist with this run's output even when it is not a complete signed dist (by default such " +
            "output goes to artifacts/dist-partial)",
        ReadBy = [nameof(Package), nameof(Sign)])]
    readonly bool ReplaceDist;

    [Parameter(
        "Release public key file (minisign): Sign refuses a signing key that is not its partner; Verify checks a " +
            "release with it (default: native/release.pub when the release manager has committed it)",
        ReadBy = [nameof(Sign), nameof(Verify), nameof(Publish), nameof(Rollout)])]
    readonly string? PublicKey = File.Exists(Path.Combine(Paths.Native, "release.pub")) ? Path.Combine(Paths.Native,
        "release.pub") : null;

    [Parameter(
        "Verify and Rollout: accept a development release (development keys) for a lab fleet; the run says so first",
        ReadBy = [nameof(Verify), nameof(Rollout)])]
    readonly bool AllowDevelopment;

    [Parameter(
        "Publish and Rollout: print what would be done (release, uploads, comments; the waves and their hosts) " +
            "and change nothing",
        ReadBy = [nameof(Publish), nameof(Rollout)])]
    readonly bool DryRun;

    [Parameter("Compat and Abi: do not look for the first patch of the series with which a failure appears",
        ReadBy = [nameof(Abi), nameof(Compat)])]
    readonly bool NoBisect;

    [Parameter(
        "Highest symbol versions the fleet provides, e.g. GLIBC_2.31,GLIBCXX_3.4.28 (default: the baseline's own)",
        ReadBy = [nameof(Abi), nameof(Report)])]
    readonly string[] AbiFloor = [];

    /// <summary>The Debian suites the toolchain image can be debootstrapped from, with their glibc (the library's floor
    /// follows it).</summary>
    public static readonly IReadOnlyDictionary<string, string> SuiteGlibc = new Dictionary<string, string>
    {
        ["bookworm"] = "2.36", ["bullseye"] = "2.31", ["trixie"] = "2.41",
    };

    protected internal override void CheckParameters(ParameterCheck check)
    {
        check.NotEmpty(nameof(Arch), Arch, Enum.GetValues<TargetArch>().Select(a => a.Name()));
        check.OneOf(nameof(Suite), Suite, SuiteGlibc.Keys.ToList());
        CheckCompileParameters(check);
        if (check.Plans(nameof(Patch)) || check.Plans(nameof(Publish))) check.Exists(nameof(Patches), Patches,
            PathKind.Folder);
        if (check.Plans(nameof(Sign)) || check.Plans(nameof(Verify))
            || check.Plans(nameof(Publish))) check.Exists(nameof(PublicKey), PublicKey, PathKind.File);
        if (check.Plans(nameof(Verify))) CheckVerifyParameters(check);
        if (check.Plans(nameof(CompareBuilds))) CheckCompareBuildsParameters(check);
        // A dist this run signs does not exist yet; one it only checks or publishes must.
        if (!check.Plans(nameof(Sign)) && (check.Plans(nameof(Verify))
            || check.Plans(nameof(Publish)))) check.Exists(nameof(Dist), Dist, PathKind.Folder);
        if (check.Plans(nameof(Baseline))) CheckBaselineParameters(check);
        if (check.Plans(nameof(Abi)))
        {
            CheckAbiParameters(check);
            foreach (var floor in AbiFloor) CheckFloor(check, floor);
        }
        if (check.Plans(nameof(Compat))) CheckCompatParameters(check);
        if (check.Plans(nameof(ReportUpstream))) check.Exists(nameof(Repro), Repro, PathKind.Folder);
        if (check.Plans(nameof(Rollout))) CheckRolloutParameters(check);
    }

    /// <summary>
    /// A floor must read as a symbol version; a glibc floor below the suite's own glibc is allowed (a library may not
    /// use the newer symbols) but warned about, with the suite that meets it: a bookworm build needs GLIBC_2.34.
    /// </summary>
    void CheckFloor(ParameterCheck check, string floor)
    {
        var version = SymbolVersion.TryParse(char.IsDigit(floor.FirstOrDefault()) ? "GLIBC_" + floor : floor);
        if (version is null || !SymbolVersion.FloorFamilies.Contains(version.Family))
            check.Fail(nameof(AbiFloor), floor, "accepted: versions like GLIBC_2.31, GLIBCXX_3.4.28, CXXABI_1.3.12");
        if (version!.Family != "GLIBC" || !SuiteGlibc.TryGetValue(Suite, out var suiteGlibc)) return;
        var suiteVersion = SymbolVersion.TryParse("GLIBC_" + suiteGlibc)!;
        if (version.CompareTo(suiteVersion) >= 0) return;
        var meets = SuiteGlibc.Where(s => SymbolVersion.TryParse("GLIBC_" + s.Value)!.CompareTo(version) <= 0)
            .Select(s => s.Key).FirstOrDefault();
        Serilog.Log
            .Warning(
                "--abi-floor {Floor} is below the glibc of {Suite} ({SuiteGlibc}): the library built there will " +
                    "likely need newer symbols{Hint}",
            floor, Suite, suiteGlibc, meets is null ? "" : $"; add --suite {meets} (glibc {SuiteGlibc[meets]})");
    }

    /// <summary>A path parameter for one arch: {arch} and {debarch} are replaced, as the Abi stage replaces
    /// them.</summary>
    static string? ForArch(string? path, TargetArch arch) => path?.Replace("{arch}", arch.Name()).Replace("{debarch}",
        arch.DebianName());

    static bool IsAddress(string? text) => text is not null && text.Contains("://", StringComparison.Ordinal);

    static bool IsSha256(string? text) => text is { Length: 64 } && text.All(Uri.IsHexDigit);
}

using OpenH264Build.Baselines;
using OpenH264Build.Engine;

namespace OpenH264Build;

/// <summary>
/// The Baseline target: for each --arch, the library Abi and Compat compare the candidate with (see build/Baselines),
/// chosen once so both checks judge against the same bits, and recorded in the provenance.
/// </summary>
partial class Build
{
    [Parameter(
        "Baseline of Abi and Compat: auto (the previous release if --baseline-release is set, else unpatched " +
            "upstream), release, upstream, debian, path",
        ReadBy = [nameof(Baseline)])]
    readonly BaselineSource BaselineSource = BaselineSource.Auto;

    [Parameter(
        "Previous release tarball for the baseline: path or URL, {arch} is replaced (e.g. " +
            ".../openh264-2.3.1-1-linux-{arch}.tar.gz)",
        ReadBy = [nameof(Baseline)])]
    readonly string? BaselineRelease;

    [Parameter("Published checksum of that tarball: its sha256, or a SHA256SUMS file (path or URL, {arch} is replaced)",
        ReadBy = [nameof(Baseline)])]
    readonly string? BaselineChecksum;

    [Parameter(
        "A .so to use as baseline with --baseline-source path ({arch} is replaced); its .debug file is " +
            "taken from beside it",
        ReadBy = [nameof(Baseline)])]
    readonly string? BaselinePath;

    [Parameter("Public headers of the path baseline (default: the candidate's include/wels)",
        ReadBy = [nameof(Baseline)])]
    readonly string? BaselineHeaders;

    BaselineOptions BaselineOptions => new(BaselineSource, BaselineRelease, BaselineChecksum, BaselinePath,
        BaselineHeaders);

    void CheckBaselineParameters(ParameterCheck check)
    {
        if (BaselineSource == BaselineSource.Path && BaselinePath is null)
            check.Fail(nameof(BaselineSource), "path", "give --baseline-path <a .so>", "needs --baseline-path");
        if (BaselineSource == BaselineSource.Release && (BaselineRelease is null || BaselineChecksum is null))
            check.Fail(nameof(BaselineSource), "release",
                "give --baseline-release <tarball> and --baseline-checksum <sha256>",
                    "needs a release tarball and its checksum");
        foreach (var arch in Arch)
        {
            check.Exists(nameof(BaselinePath), ForArch(BaselinePath, arch), PathKind.File);
            check.Exists(nameof(BaselineHeaders), ForArch(BaselineHeaders, arch), PathKind.Folder);
            if (!IsAddress(BaselineRelease)) check.Exists(nameof(BaselineRelease), ForArch(BaselineRelease, arch),
                PathKind.File);
            if (!IsAddress(BaselineChecksum) && !IsSha256(BaselineChecksum))
                check.Exists(nameof(BaselineChecksum), ForArch(BaselineChecksum, arch), PathKind.File);
        }
    }
}

using OpenH264Build.Engine;

namespace OpenH264Build.Abi;

/// <summary>The baseline parameters of the build, for one arch (<c>{arch}</c> in a path or URL is replaced).</summary>
public sealed record BaselineOptions(
    AbiBaselineSource Source,
    string? ReleaseTarball,
    string? ReleaseChecksum,
    string? LibraryPath,
    string? HeadersDirectory);

/// <summary>
/// Picks the baseline of one arch, in the issue's order: a previous release when one is given (Auto), else the
/// unpatched upstream build of the same pipeline; Debian's package or a path only when asked for.
/// </summary>
public static class BaselineSelector
{
    /// <param name="buildUnpatchedUpstream">Compiles upstream with an empty patch series (same image, flags, debug info).</param>
    public static async Task<AbiBaseline> SelectAsync(TargetArch arch, BaselineOptions options,
        Func<TargetArch, Task<NativeBuildOutput>> buildUnpatchedUpstream, string workDirectory, CancellationToken cancellationToken = default)
    {
        string? Expand(string? text) => text?.Replace("{arch}", arch.Name()).Replace("{debarch}", arch.DebianName());
        var source = options.Source == AbiBaselineSource.Auto
            ? string.IsNullOrEmpty(options.ReleaseTarball) ? AbiBaselineSource.Upstream : AbiBaselineSource.Release
            : options.Source;

        switch (source)
        {
            case AbiBaselineSource.Release:
                if (string.IsNullOrEmpty(options.ReleaseTarball) || string.IsNullOrEmpty(options.ReleaseChecksum))
                    throw new BuildFailure("the release baseline needs --abi-baseline-release (tarball path or URL) and --abi-baseline-checksum (sha256 or SHA256SUMS path or URL)");
                return await ReleaseBaseline.FetchAsync(Expand(options.ReleaseTarball)!, Expand(options.ReleaseChecksum)!, Path.Combine(workDirectory, "release"), cancellationToken);

            case AbiBaselineSource.Debian:
                return await DebianPackageBaseline.FetchAsync(arch, Path.Combine(workDirectory, "debian"), cancellationToken);

            case AbiBaselineSource.Path:
                return FromPath(Expand(options.LibraryPath) ?? throw new BuildFailure("the path baseline needs --abi-baseline-path (a .so)"),
                    Expand(options.HeadersDirectory));

            default:
                var upstream = await buildUnpatchedUpstream(arch);
                return new AbiBaseline(AbiBaselineSource.Upstream, "unpatched upstream, built by this pipeline (same image and flags)", upstream.Validate("unpatched upstream build"));
        }
    }

    /// <summary>Any .so; its debug file is found beside it by its debug link or as <c>&lt;so&gt;.debug</c>.</summary>
    public static AbiBaseline FromPath(string library, string? headersDirectory)
    {
        if (!File.Exists(library)) throw new BuildFailure($"ABI baseline {library} does not exist");
        var full = Path.GetFullPath(library);
        var facts = ElfInspector.Read(full);
        var debug = LibraryFinder.FindDebugFile(Path.GetDirectoryName(full)!, full, facts.DebugLink, searchSubfolders: false);
        return new AbiBaseline(AbiBaselineSource.Path, $"{full}{(debug is null && !facts.HasDebugInfo ? " (no debug info: symbols only)" : "")}",
            new NativeBuildOutput(full, debug, headersDirectory).Validate("ABI baseline"));
    }
}

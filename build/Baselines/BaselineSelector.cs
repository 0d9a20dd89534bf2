using OpenH264Build.Abi;
using OpenH264Build.Elf;
using OpenH264Build.Engine;
using OpenH264Build.Host;

namespace OpenH264Build.Baselines;

/// <summary>The baseline parameters of the build, for every arch (<c>{arch}</c> and <c>{debarch}</c> in a path or URL
/// are replaced).</summary>
public sealed record BaselineOptions(
    BaselineSource Source,
    string? ReleaseTarball,
    string? ReleaseChecksum,
    string? LibraryPath,
    string? HeadersDirectory);

/// <summary>
/// Picks the baseline of one arch: a previous release when one is given (Auto), else the unpatched upstream build of
/// the same pipeline; Debian's package or a path only when asked for.
/// </summary>
public static class BaselineSelector
{
    /// <param name="buildUnpatchedUpstream">Compiles upstream with an empty patch series (same image, flags, debug
    /// info).</param>
    /// <param name="debianCache">Where Debian's packages are kept once downloaded (default: under the work
    /// folder).</param>
    public static async Task<BaselineLibrary> SelectAsync(TargetArch arch, BaselineOptions options,
        Func<TargetArch, Task<NativeBuildOutput>> buildUnpatchedUpstream, string workDirectory,
            CancellationToken cancellationToken = default,
        string? debianCache = null)
    {
        string? Expand(string? text) => text?.Replace("{arch}", arch.Name()).Replace("{debarch}", arch.DebianName());
        switch (Resolve(options))
        {
            case BaselineSource.Release:
                if (string.IsNullOrEmpty(options.ReleaseTarball) || string.IsNullOrEmpty(options.ReleaseChecksum))
                    throw new BuildFailure(
                        "the release baseline needs --baseline-release (tarball path or URL) and --baseline-checksum " +
                            "(sha256 or SHA256SUMS path or URL)");
                return await ReleaseBaseline.FetchAsync(Expand(options.ReleaseTarball)!,
                    Expand(options.ReleaseChecksum)!, Path.Combine(workDirectory, "release"), cancellationToken);

            case BaselineSource.Debian:
                return await DebianOpenH264.BaselineAsync(arch, debianCache ?? Path.Combine(workDirectory, "debian"),
                    cancellationToken);

            case BaselineSource.Path:
                return FromPath(Expand(options.LibraryPath)
                    ?? throw new BuildFailure("the path baseline needs --baseline-path (a .so)"),
                    Expand(options.HeadersDirectory));

            default:
                var upstream = await buildUnpatchedUpstream(arch);
                return new BaselineLibrary(BaselineSource.Upstream,
                    "unpatched upstream, built by this pipeline (same image and flags)",
                    upstream.Validate("unpatched upstream build"));
        }
    }

    /// <summary>Auto is the previous release when one is given, else unpatched upstream.</summary>
    public static BaselineSource Resolve(BaselineOptions options) => options.Source == BaselineSource.Auto
        ? string.IsNullOrEmpty(options.ReleaseTarball) ? BaselineSource.Upstream : BaselineSource.Release
        : options.Source;

    /// <summary>Any .so; its debug file is found beside it by its debug link or as <c>&lt;so&gt;.debug</c>.</summary>
    public static BaselineLibrary FromPath(string library, string? headersDirectory)
    {
        if (!File.Exists(library)) throw new BuildFailure($"baseline {library} does not exist");
        var full = Path.GetFullPath(library);
        var facts = ElfInspector.Read(full);
        var debug = LibraryFinder.FindDebugFile(Path.GetDirectoryName(full)!, full, facts.DebugLink,
            searchSubfolders: false);
        return new BaselineLibrary(
            BaselineSource.Path,
                $"{full}{(debug is null && !facts.HasDebugInfo ? " (no debug info: symbols only)" : "")}",
            new NativeBuildOutput(full, debug, headersDirectory).Validate("baseline"));
    }
}

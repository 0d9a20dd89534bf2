using OpenH264Build.Baselines;
using OpenH264Build.Compat;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Stages;

/// <summary>
/// What Compat compares on one arch: the candidate (Compile's library, or one given with --compat-candidates), the
/// run's baseline, and the harness (built with the library's toolchain, given, or compiled here with the host's
/// compilers), each named in the report by where it comes from and its digest: read from the run for Compat's stage.
/// </summary>
public sealed class CompatRuns(RunContext context, CompatOptions options)
{
    /// <summary>A library given from outside has no series to bisect.</summary>
    public bool MayBisect => options.Bisect && options.Candidates is null;

    IDecodeDigestStore? decodeDigests;

    /// <summary>Where past decodes are kept: the engine's volume, shared by every run and clone.</summary>
    async Task<IDecodeDigestStore> DecodeDigestsAsync(HarnessSandbox sandbox) => decodeDigests ??=
        new VolumeDecodeDigestStore(new EngineVolume(await context.DockerAsync(), VolumeDecodeDigestStore.VolumeName,
            sandbox.Image.Reference));

    public async Task<CompatRun> ForAsync(TargetArch arch, AcceptedDifferences accepted)
    {
        var candidate = CandidateLibrary(arch);
        if (!File.Exists(
            candidate)) throw new BuildFailure($"No candidate library for {arch.Name()} at {candidate}: run " +
                $"Compile first");
        var baseline = context.Results.Get<ChosenBaselines>("Compat").For(arch, "Compat");
        var harness = await HarnessAsync(arch);
        var sandbox = await context.SandboxAsync();
        return new CompatRun(arch, harness, baseline.Library.SharedLibrary, candidate,
            context.Paths.Work("compat", arch), context.Paths.Reports,
            accepted, sandbox, baseline.DescriptionWithDigest, DescribeCandidate(candidate),
                SoakIncluded: !options.Quick,
            DecodeDigests: await DecodeDigestsAsync(sandbox));
    }

    /// <summary>The library Compile built for the arch, unless --compat-candidates names another.</summary>
    string CandidateLibrary(TargetArch arch) =>
        options.Candidates is not null ? Path.Combine(options.Candidates, arch.Name(), "libopenh264.so.7")
        : context.Results.Get<CompiledLibraries>("Compat").For(arch, "Compat").LibraryPath;

    async Task<string> HarnessAsync(TargetArch arch)
    {
        if (options.Harnesses is not null) return Path.Combine(options.Harnesses, arch.Name(), "h264harness");
        if (context.Results.Find<CompiledLibraries>()?.ByArch.GetValueOrDefault(arch) is { } built
            && File.Exists(built.HarnessPath)) return built.HarnessPath;
        // Compiling is not running: the host's compilers build the harness, the sandbox runs it.
        var include = await DebianOpenH264.IncludeDirectoryAsync(Path.Combine(context.Paths.Cache, "baseline"),
            context.Cancellation);
        var output = Path.Combine(context.Paths.Work("harness", arch), "h264harness");
        return await HarnessBuilder.BuildAsync(context.Paths.Harness, include, arch, output, context.Cancellation);
    }

    /// <summary>What the report calls the candidate: the patch series it was built with, or the library it was
    /// given.</summary>
    string DescribeCandidate(string library)
    {
        var series = context.Results.Find<PatchedSource>()?.Series ?? [];
        return (options.Candidates is not null ? Path.GetFullPath(library)
                : $"upstream {context.Pin.Version} with {(series.Count == 0 ? "no patches" : string.Join(", ",
                    series.Select(p => p.Name)))}") +
            $" (sha256 {Util.Sha256.OfFile(library)[..12]})";
    }
}

using System.Diagnostics;
using Docker.DotNet.Models;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>
/// The yardstick of Compat's speed (bench/bench.sh): the wall time of the harness decoding the corpus's streams with
/// the candidate, directly in the sandbox image with nothing around it: no baseline, no decode cache, no digests, no
/// output, one container per arch and the arches side by side. The streams are those Compat decodes that the corpus
/// makes without the baseline's encoder; they go into engine volumes before the clock starts.
/// </summary>
public sealed class RawDecodeTimer(CompatCorpus corpus, IReadOnlyList<TargetArch> arches,
    CancellationToken cancellation)
{
    const string HarnessPath = "/sandbox/h264harness";
    const string StreamFolder = "/sandbox/in";

    /// <summary>Times the decode of <paramref name="streams"/> with the libraries and harnesses
    /// <paramref name="libraries"/> built, in the sandbox <paramref name="image"/>.</summary>
    public async Task<TimeSpan> RunAsync(IReadOnlyList<string> streams, CompiledLibraries libraries,
        DockerEngine engine, SandboxImage image)
    {
        var prepared = new List<(TargetArch Arch, SandboxInputs Inputs)>();
        try
        {
            foreach (var arch in arches.Distinct())
            {
                var files = Files(libraries.For(arch, "RawDecode"), streams);
                var name = $"raw-decode-{arch.Name()}";
                var inputs = await SandboxInputs.CreateAsync(engine, image.Reference, name, files, cancellation);
                prepared.Add((arch, inputs));
            }
            var clock = Stopwatch.StartNew();
            var times = await Task.WhenAll(prepared.Select(p => DecodeAsync(engine, image, p.Arch, p.Inputs)));
            foreach (var (arch, time) in prepared.Select(p => p.Arch).Zip(times))
                Log.Information("Raw decode {Arch}: {Count} streams in {Seconds:0.00} s",
                    arch.Name(), streams.Count, time.TotalSeconds);
            return clock.Elapsed;
        }
        finally
        {
            foreach (var (_, inputs) in prepared) await inputs.RemoveAsync();
        }
    }

    /// <summary>The corpus's streams (soak included), made or found in the cache as Compat finds them.</summary>
    public async Task<IReadOnlyList<string>> StreamsAsync()
    {
        var streams = new List<string>();
        foreach (var stream in corpus.Manifest.Streams.Where(s => s.OpenH264 is null))
            if (await corpus.Generator.MaterializeAsync(stream, cancellationToken: cancellation) is { } item)
                streams.Add(item.StreamPath);
        return streams;
    }

    static Dictionary<string, string> Files(CompiledLibrary library, IReadOnlyList<string> streams)
    {
        var files = streams.Select((path, i) => (Inside: $"{StreamFolder}/{i}.h264", Host: path))
            .ToDictionary(f => f.Inside, f => f.Host);
        files[HarnessPath] = library.HarnessPath;
        files[HarnessSandbox.LibraryPath] = library.LibraryPath;
        return files;
    }

    /// <summary>
    /// One container: every stream decoded in turn, the pictures thrown away; the time from its start to its end.
    /// </summary>
    async Task<TimeSpan> DecodeAsync(DockerEngine engine, SandboxImage image, TargetArch arch, SandboxInputs inputs)
    {
        var (program, arguments) = new ArchExecutor(arch, "/usr/bin/qemu-aarch64-static")
            .Command(HarnessPath, ["decode", HarnessSandbox.LibraryPath, "\"$s\""]);
        var decode = $"{program} {string.Join(' ', arguments)}";
        var script = $"for s in {StreamFolder}/*.h264; do {decode} >/dev/null || exit 1; done";
        var name = $"raw-decode-{arch.Name()}";
        var parameters = IsolatedContainer.Parameters("openh264-build.sandbox", name, image.Reference,
            ["/usr/bin/env", "-i", "/bin/sh", "-c", script], [], SandboxInputs.Root,
            new HostConfig { ReadonlyRootfs = true, Mounts = inputs.Mounts }, ContainerLimits.Sandbox);
        return await IsolatedContainer.UseAsync(engine, parameters, "sandbox container", async id =>
        {
            var clock = Stopwatch.StartNew();
            var containers = engine.Client.Containers;
            await containers.StartContainerAsync(id, new ContainerStartParameters(), cancellation);
            var ended = await containers.WaitContainerAsync(id, cancellation);
            if (ended.StatusCode != 0)
                throw new BuildFailure($"Raw decode {arch.Name()}: the harness failed (exit {ended.StatusCode})");
            return clock.Elapsed;
        }, cancellation);
    }
}

using OpenH264Build.Caching;
using OpenH264Build.Compat;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Processes;

namespace OpenH264Build.DebianPackaging;

/// <summary>
/// The short stream a fleet host decodes after the install (one second: 25 pictures at 176x144, constrained baseline
/// made by x264 single-threaded, as the corpus is), and the per-picture digests this build's library gives for it on
/// each architecture: the lines the harness prints, compared on the host line by line.
/// </summary>
public static class SmokeStream
{
    public const int Frames = 25;

    public static async Task<string> MakeAsync(string outputPath, CancellationToken ct)
    {
        await HostProgram.RunAsync("ffmpeg", ["-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
            "testsrc2=size=176x144:rate=25",
            "-frames:v", Frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264",
                "-threads", "1",
            "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-x264-params", "keyint=12", "-bsf:v",
                "filter_units=remove_types=6",
            "-f", "h264", outputPath], cancellationToken: ct);
        return outputPath;
    }

    public const string Stage = "smoke-digests";

    /// <summary>
    /// The digests of the stream decoded by this library and harness, kept in the stage cache under the digests of
    /// everything that makes them (library, harness, stream, sandbox image): an unchanged library is not decoded again.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RecordDigestsAsync(StageCache cache, HarnessSandbox sandbox,
        CompiledLibrary library,
        string streamPath, string workDirectory, CancellationToken ct)
    {
        var key = new VerdictKey().Text("arch", library.Arch.Name()).Content("library",
            library.LibraryPath).Content("harness", library.HarnessPath)
            .Content("stream", streamPath).Text("sandbox", $"{sandbox.Image.Id} {sandbox.Image.Tools}")
            .Text("cpu", Host.FleetCpu.QemuModel).ToString();
        var (folder, _) = await cache.GetOrCreateAsync(Stage, key, async output =>
            await File.WriteAllLinesAsync(Path.Combine(output, "digests.txt"),
                await RecordDigestsAsync(sandbox, library, streamPath, workDirectory, ct), ct));
        return await File.ReadAllLinesAsync(Path.Combine(folder, "digests.txt"), ct);
    }

    /// <summary>
    /// Decodes the stream with the built library and harness of one architecture (aarch64 under qemu), in the sandbox
    /// like every other program that loads a library built from the patched tree.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RecordDigestsAsync(HarnessSandbox sandbox,
        CompiledLibrary library, string streamPath,
        string workDirectory, CancellationToken ct)
    {
        var run = await new HarnessRunner(library.HarnessPath, library.Arch, sandbox,
            workDirectory).DecodeAsync(library.LibraryPath, streamPath, cancellationToken: ct);
        if (run.Crashed || run.Frames.Count != Frames)
            throw new BuildFailure($"{library.Arch.Name()}: the smoke stream decoded to {run.Frames.Count} of " +
                $"{Frames} pictures (exit {run.ExitCode}): {HostProgram.LastLine(run.Errors)}");
        return run.Frames.Select(Line).ToList();
    }

    /// <summary>A picture as the harness prints it: <c>frame N WIDTH HEIGHT Y U V</c>.</summary>
    public static string Line(FrameDigest frame) => $"frame {frame.Index} {frame.Canonical}";
}

using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenH264Build.Host;
using OpenH264Build.Processes;
using Serilog;

namespace OpenH264Build.Compat;

/// <summary>A stream ready to decode, and for OpenH264-encoded streams the raw input the encoder check
/// reuses.</summary>
public sealed record CorpusItem(CorpusStream Stream, string StreamPath, string? EncoderInput, string Sha256,
    bool Sha256Matches);

/// <summary>
/// Makes the corpus's streams, each once: a generated stream lives under cache/&lt;recipe hash&gt;/ and is reused while
/// the recipe, the generating tool's version (and, for OpenH264 recipes, the baseline library) are unchanged.
/// x264 runs single-threaded so the bytes do not depend on the machine's core count.
/// </summary>
public sealed class CorpusGenerator(string cacheDirectory, string repositoryRoot, string? sourceDirectory = null)
{
    public string CacheDirectory => cacheDirectory;

    public async Task<CorpusItem?> MaterializeAsync(CorpusStream stream, HarnessRunner? baselineEncoder = null,
        string? baselineLibrary = null,
        CancellationToken cancellationToken = default)
    {
        if (stream.X264 is { } x264) return await GenerateX264Async(stream, x264, cancellationToken);
        if (stream.OpenH264 is { } openh264)
        {
            if (baselineEncoder is null || baselineLibrary is null)
                throw new Engine.BuildFailure($"Corpus stream '{stream.Name}' needs the baseline library's encoder");
            return await GenerateOpenH264Async(stream, openh264, baselineEncoder, baselineLibrary, cancellationToken);
        }
        return stream.Path is not null ? await LocalAsync(stream) : await DownloadAsync(stream, cancellationToken);
    }

    public static string RecipeHash(params object?[] parts)
    {
        var text = string.Join("\n", parts.Select(p => p as string
            ?? JsonSerializer.Serialize(p, CorpusManifest.Json)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private async Task<CorpusItem> GenerateX264Async(CorpusStream stream, X264Recipe recipe,
        CancellationToken cancellationToken)
    {
        var folder = Path.Combine(cacheDirectory,
            RecipeHash("x264", recipe, await FfmpegReference.VersionAsync(cancellationToken)));
        var output = Path.Combine(folder, stream.Name + ".h264");
        if (!File.Exists(output)) await FfmpegAsync(X264Arguments(recipe), folder, output, cancellationToken);
        return Checked(stream, output, null, generated: true);
    }

    /// <summary>FFmpeg's arguments (all but the output) that make an x264 stream; reproducer bundles print them
    /// too.</summary>
    public static IReadOnlyList<string> X264Arguments(X264Recipe recipe)
    {
        var x264Params = new List<string>
        {
            recipe.Keyint == 0 ? "keyint=infinite" : $"keyint={recipe.Keyint}", "scenecut=0",
            $"ref={recipe.Refs}", $"bframes={recipe.BFrames}", $"slices={recipe.Slices}",
            $"cabac={(recipe.Cabac ? 1 : 0)}", $"8x8dct={(recipe.Transform8x8 ? 1 : 0)}",
        };
        return [.. LavfiInput(recipe.Source),
            "-c:v", "libx264", "-threads", "1", "-profile:v", recipe.Profile, "-pix_fmt", "yuv420p",
            "-crf", recipe.Crf.ToString(CultureInfo.InvariantCulture), "-x264-params", string.Join(':', x264Params),
            // No SEI: x264's version banner would make the bytes tool-dependent.
            "-bsf:v", "filter_units=remove_types=6",
            "-f", "h264"];
    }

    private async Task<CorpusItem> GenerateOpenH264Async(CorpusStream stream, OpenH264Recipe recipe,
        HarnessRunner encoder, string library,
        CancellationToken cancellationToken)
    {
        var inputFolder = Path.Combine(cacheDirectory,
            RecipeHash("yuv", recipe.Source, await FfmpegReference.VersionAsync(cancellationToken)));
        var input = Path.Combine(inputFolder, stream.Name + ".yuv");
        if (!File.Exists(input))
            await FfmpegAsync(LavfiInput(recipe.Source).Concat(["-f", "rawvideo", "-pix_fmt", "yuv420p"]),
                inputFolder, input, cancellationToken);
        var folder = Path.Combine(cacheDirectory,
            RecipeHash("openh264", recipe, DecodeDigest.OfFile(input), DecodeDigest.OfFile(library),
                encoder.Arch.Name()));
        var output = Path.Combine(folder, stream.Name + ".h264");
        if (!File.Exists(output))
        {
            Directory.CreateDirectory(folder);
            var temporary = $"{output}.{Guid.NewGuid().ToString("N")[..8]}.tmp";
            await encoder.EncodeAsync(library, input, recipe.Encoder, temporary, cancellationToken);
            File.Move(temporary, output, true);
        }
        return Checked(stream, output, input, generated: true);
    }

    private async Task<CorpusItem?> LocalAsync(CorpusStream stream)
    {
        var path = stream.Path!.Contains("{source}")
            ? (sourceDirectory is null ? null : stream.Path.Replace("{source}", sourceDirectory))
            : Path.Combine(repositoryRoot, stream.Path);
        if (path is null || !File.Exists(path))
        {
            if (stream.Optional) { Log.Information("Corpus: {Stream} is not there ({Path}); optional, skipped",
                stream.Name, stream.Path); return null; }
            throw new Engine.BuildFailure($"Corpus stream '{stream.Name}': {stream.Path} does not exist");
        }
        await Task.CompletedTask;
        return Checked(stream, path, null, generated: false);
    }

    private async Task<CorpusItem> DownloadAsync(CorpusStream stream, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(cacheDirectory, "url-" + stream.Sha256![..16]);
        var output = Path.Combine(folder, stream.Name + ".h264");
        if (!File.Exists(output))
        {
            Directory.CreateDirectory(folder);
            using var client = new HttpClient();
            try
            {
                var bytes = await client.GetByteArrayAsync(stream.Url, cancellationToken);
                await File.WriteAllBytesAsync(output + ".tmp", bytes, cancellationToken);
            }
            catch (HttpRequestException e) { throw new Engine.BuildFailure($"Corpus stream '{stream.Name}' could not " +
                $"be downloaded: {e.Message}"); }
            File.Move(output + ".tmp", output, true);
        }
        return Checked(stream, output, null, generated: false);
    }

    private static CorpusItem Checked(CorpusStream stream, string path, string? encoderInput, bool generated)
    {
        var sha = DecodeDigest.OfFile(path);
        var matches = stream.Sha256 is null || string.Equals(stream.Sha256, sha, StringComparison.OrdinalIgnoreCase);
        if (!matches && !generated)
            throw new Engine.BuildFailure(
                $"Corpus stream '{stream.Name}' has sha256 {sha}, the manifest expects {stream.Sha256}");
        if (!matches)
            Log.Warning(
                "Corpus: {Stream} came out as {Sha} where the manifest expects {Expected} (another FFmpeg or " +
                    "x264?); comparing anyway",
                stream.Name, sha, stream.Sha256);
        return new CorpusItem(stream, path, encoderInput, sha, matches);
    }

    private static IEnumerable<string> LavfiInput(LavfiSource source) =>
        ["-f", "lavfi", "-i", $"{source.Filter}=size={source.Width}x{source.Height}:rate={source.Rate}",
            "-frames:v", source.Frames.ToString(CultureInfo.InvariantCulture)];

    private static async Task FfmpegAsync(IEnumerable<string> arguments, string folder, string output,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        // A name of its own: two runs (or two arches) may make the same stream at once; the last rename wins.
        var temporary = $"{output}.{Guid.NewGuid().ToString("N")[..8]}.tmp";
        await HostProgram.RunAsync("ffmpeg", new[] { "-v", "error", "-nostdin",
            "-y" }.Concat(arguments).Append(temporary),
            new() { Purpose = $"FFmpeg could not generate {Path.GetFileName(output)}" }, cancellationToken);
        File.Move(temporary, output, true);
    }
}

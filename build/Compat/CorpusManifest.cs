using OpenH264Build.Containers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenH264Build.Compat;

/// <summary>
/// native/compat/corpus.json: the streams every candidate library decodes. A stream is generated from a recipe
/// (FFmpeg's libx264 over a lavfi source, or OpenH264's own encoder over lavfi input), or is a real file named by
/// path (relative to the repository, or under {source} for the unpacked upstream tree) or URL, with its sha256.
/// </summary>
public sealed record CorpusManifest(IReadOnlyList<CorpusStream> Streams)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static CorpusManifest Load(string path)
    {
        if (!File.Exists(path)) throw new Engine.BuildFailure($"The corpus manifest {path} does not exist", path);
        CorpusManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<CorpusManifest>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new Engine.BuildFailure($"The corpus manifest is not valid: {e.Message}",
            path, (int?)e.LineNumber + 1); }
        if (manifest?.Streams is not { Count: > 0 }) throw new Engine.BuildFailure(
            "The corpus manifest lists no streams", path);
        foreach (var stream in manifest.Streams) stream.Validate(path);
        var duplicate = manifest.Streams.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new Engine.BuildFailure($"The corpus manifest names the stream " +
            $"'{duplicate.Key}' twice", path);
        return manifest;
    }
}

/// <summary>
/// One stream. <see cref="Oracle"/> "ffmpeg" marks a constrained-baseline stream, where FFmpeg's decoder must give
/// the same pictures too. <see cref="Soak"/> marks the long streams a quick run (--compat-quick) leaves out. <see
/// cref="Sha256"/> is the expected bitstream: a generated stream that differs was made
/// by another FFmpeg or x264 (a warning); a real stream that differs is refused.
/// </summary>
public sealed record CorpusStream(
    string Name,
    string? Description = null,
    string? Oracle = null,
    X264Recipe? X264 = null,
    OpenH264Recipe? OpenH264 = null,
    string? Path = null,
    string? Url = null,
    string? Sha256 = null,
    bool Optional = false,
    bool Soak = false)
{
    public bool UsesFfmpegOracle => Oracle == "ffmpeg";

    internal void Validate(string manifestPath)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new Engine.BuildFailure($"Corpus stream name '{Name}' must be letters, digits, '-', '_' or '.'",
                manifestPath);
        var origins = new object?[] { X264, OpenH264, Path, Url }.Count(o => o is not null);
        if (origins != 1)
            throw new Engine.BuildFailure(
                $"Corpus stream '{Name}' must have exactly one of x264, openH264, path, url", manifestPath);
        if ((Path ?? Url) is not null && Sha256 is null)
            throw new Engine.BuildFailure($"Corpus stream '{Name}' is a real file and needs its sha256", manifestPath);
        if (Oracle is not (null or "ffmpeg"))
            throw new Engine.BuildFailure($"Corpus stream '{Name}': oracle must be \"ffmpeg\" or absent", manifestPath);
    }
}

/// <summary>A lavfi source (testsrc2, smptebars, mandelbrot, ...) at a size and frame count.</summary>
public sealed record LavfiSource(string Filter, int Width, int Height, int Frames, int Rate = 30);

/// <summary>libx264 through FFmpeg. Keyint 0 means a single IDR for the whole stream.</summary>
public sealed record X264Recipe(
    LavfiSource Source,
    string Profile = "baseline",
    bool Cabac = false,
    int Slices = 1,
    int Refs = 1,
    int BFrames = 0,
    int Keyint = 0,
    int Crf = 23,
    bool Transform8x8 = false);

/// <summary>OpenH264's own encoder (the baseline library's) over lavfi input; also the encoder check's input.</summary>
public sealed record OpenH264Recipe(LavfiSource Source, EncoderSettings Encoder);

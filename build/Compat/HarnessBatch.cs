using System.Globalization;

namespace OpenH264Build.Compat;

/// <summary>
/// The harness runs one sandbox holds for one library: decodes and encodes, each named, each in a process of its
/// own. Input files are mounted read-only under /sandbox/in; what a job writes goes to the output folder.
/// </summary>
public sealed class HarnessBatch
{
    private readonly List<string> _lines = [];
    private readonly Dictionary<string, string> _inputs = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Host file to container path, for the mounts.</summary>
    public IReadOnlyDictionary<string, string> Inputs => _inputs;

    public int Count => _lines.Count;

    /// <summary>A decode; rawFrom (>= 0) also writes the pictures from that one on to NAME.yuv; upToFrame > 0 stops there.</summary>
    public HarnessBatch Decode(string name, string streamPath, int rawFrom = -1, int upToFrame = 0)
    {
        var arguments = new List<string> { "decode", HarnessSandbox.LibraryPath, Input(streamPath) };
        if (rawFrom >= 0) arguments.AddRange(["--raw", RawPath(name), "--raw-from", Number(rawFrom)]);
        if (upToFrame > 0) arguments.AddRange(["--frames", Number(upToFrame)]);
        return Add(name, arguments);
    }

    /// <summary>An encode of planar I420 input to NAME.h264 with the library's encoder.</summary>
    public HarnessBatch Encode(string name, string yuvPath, EncoderSettings settings) => Add(name,
    [
        "encode", HarnessSandbox.LibraryPath, Input(yuvPath), Number(settings.Width), Number(settings.Height), EncodedPath(name),
        "--fps", settings.Fps.ToString(CultureInfo.InvariantCulture), "--bitrate", Number(settings.Bitrate),
        "--rc", Number(settings.RateControl), "--gop", Number(settings.Gop), "--slices", Number(settings.Slices),
        "--cabac", settings.Cabac ? "1" : "0", "--refs", Number(settings.Refs),
    ]);

    public static string RawPath(string name) => $"{Containers.SandboxContainer.OutputPath}/{name}.yuv";
    public static string EncodedPath(string name) => $"{Containers.SandboxContainer.OutputPath}/{name}.h264";

    private HarnessBatch Add(string name, IEnumerable<string> arguments)
    {
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new ArgumentException($"A harness job name must be letters, digits, '-', '_' or '.': {name}");
        _lines.Add(name + " " + string.Join(' ', arguments));
        return this;
    }

    /// <summary>Each input file once, under a numbered folder so that equal file names do not collide.</summary>
    private string Input(string hostPath)
    {
        var full = Path.GetFullPath(hostPath);
        if (!_inputs.TryGetValue(full, out var inside))
        {
            var name = Path.GetFileName(full);
            if (name.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$' or '`'))
                name = "input" + Path.GetExtension(name);
            _inputs[full] = inside = $"/sandbox/in/{_inputs.Count}/{name}";
        }
        return inside;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

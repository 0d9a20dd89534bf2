using System.Globalization;

namespace OpenH264Build.Containers;

/// <summary>
/// The harness runs one sandbox holds for one library: decodes and encodes, each named, each in a process of its
/// own. Input files are mounted read-only under /sandbox/in; what a job writes goes to the output folder.
/// </summary>
public sealed class HarnessBatch
{
    private readonly List<string> _lines = [];
    private readonly List<long> _weights = [];
    private readonly Dictionary<string, string> _inputs = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Host file to container path, for the mounts.</summary>
    public IReadOnlyDictionary<string, string> Inputs => _inputs;

    public int Count => _lines.Count;

    /// <summary>A decode; rawFrom (>= 0) also writes the pictures from that one on to NAME.yuv; upToFrame > 0 stops
    /// there.</summary>
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
        "encode", HarnessSandbox.LibraryPath, Input(yuvPath), Number(settings.Width), Number(settings.Height),
            EncodedPath(name),
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
        var line = name + " " + string.Join(' ', arguments);
        _lines.Add(line);
        // How long the job takes, roughly: the size of what it reads (a soak stream outweighs the rest together).
        _weights.Add(InputsOf(line).Sum(i => new FileInfo(i.Key).Length));
        return this;
    }

    /// <summary>The inputs a job line names (host path, container path).</summary>
    private IEnumerable<KeyValuePair<string, string>> InputsOf(string line) => _inputs.Where(i =>
        line.Contains(i.Value + " ", StringComparison.Ordinal) || line.EndsWith(i.Value, StringComparison.Ordinal));

    /// <summary>
    /// The jobs in at most <paramref name="parts"/> batches of about equal weight (the heaviest first, each to the
    /// lightest part), to run side by side; each part mounts only the inputs of its own jobs, at the same paths.
    /// </summary>
    public IReadOnlyList<HarnessBatch> Split(int parts)
    {
        if (parts <= 1 || _lines.Count <= 1) return [this];
        var batches = Enumerable.Range(0, Math.Min(parts, _lines.Count)).Select(_ => new HarnessBatch()).ToList();
        var load = new long[batches.Count];
        foreach (var job in Enumerable.Range(0, _lines.Count).OrderByDescending(j => _weights[j]))
        {
            var lightest = Array.IndexOf(load, load.Min());
            batches[lightest]._lines.Add(_lines[job]);
            foreach (var (host, inside) in InputsOf(_lines[job])) batches[lightest]._inputs[host] = inside;
            load[lightest] += _weights[job];
        }
        return batches;
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

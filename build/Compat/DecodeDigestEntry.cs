using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace OpenH264Build.Compat;

/// <summary>
/// One kept decode as text: the key's parts as they were when it was decoded, the CPU time it took, the number of
/// pictures, the stream's decode digest, then one line per picture. It is restored only when every recorded part
/// equals the key asked for and the pictures still give the recorded digest: a file that merely exists under the
/// right name proves nothing.
/// </summary>
public static class DecodeDigestEntry
{
    public const string Extension = ".digests";

    // Optimized from its first call (no tiering): an entry holds a line per picture.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Write(DecodeDigestKey key, DecodeRun decode)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in key.Parts) text.Append($"{name} {value}\n");
        text.Append($"cpu_micros {decode.Duration.Ticks / 10}\n").Append($"pictures {decode.Frames.Count}\n")
            .Append($"digest {decode.Digest}\n");
        // The picture lines are written as bytes into one buffer (no string per picture), then read as text once.
        var lines = new byte[decode.Frames.Count * FrameDigest.MaxCanonicalLineBytes];
        var used = 0;
        foreach (var frame in decode.Frames) used += frame.WriteCanonicalLine(lines.AsSpan(used));
        return text.Append(Encoding.ASCII.GetString(lines, 0, used)).ToString();
    }

    /// <summary>The kept decode, or null with the reason it cannot stand for the key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (DecodeRun? Decode, string? Refused) Read(DecodeDigestKey key, string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = key.Parts.Count + 3;
        if (lines.Length < header) return (null, "it is cut short");
        foreach (var ((name, value), line) in key.Parts.Zip(lines))
            if (line != $"{name} {value}") return (null, $"its {name} is not the one asked for");
        var fields = lines[key.Parts.Count..header].Select(l => l.Split(' ', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        var frames = lines[header..].Select(Frame).ToList();
        if (frames.Any(f => f is null) || fields.GetValueOrDefault("pictures") != Number(frames.Count))
            return (null, "its picture lines are damaged");
        long.TryParse(fields.GetValueOrDefault("cpu_micros"), CultureInfo.InvariantCulture, out var micros);
        var decode = new DecodeRun(frames!, 0, "", TimeSpan.FromTicks(micros * 10), Reused: true);
        return decode.Digest == fields.GetValueOrDefault("digest")
            ? (decode, null) : (null, "its pictures do not give its recorded digest");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FrameDigest? Frame(string line, int index)
    {
        var p = line.Split(' ');
        return p.Length == 5 && int.TryParse(p[0], CultureInfo.InvariantCulture, out var width)
            && int.TryParse(p[1], CultureInfo.InvariantCulture, out var height) && Hex(p[2], out var y)
            && Hex(p[3], out var u) && Hex(p[4], out var v)
            ? new FrameDigest(index, width, height, y, u, v) : null;
    }

    private static bool Hex(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.HexNumber, null, out value);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

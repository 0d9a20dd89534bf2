using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenH264Build.Tests.Signing;

/// <summary>
/// Looks for secrets the way a reader of a leaked file would find them: not only in the raw bytes, but in what the
/// bytes hold once decoded — gzip, tar members, JSON strings (one document or JSON lines), base64 (the payload of a
/// DSSE envelope in <c>.intoto.jsonl</c> is base64 inside JSON) — recursively, a few levels deep.
/// </summary>
internal static partial class SecretSearch
{
    private const int MaxDepth = 5;

    /// <summary>The places (file or text) where a secret appears, each with the decoding that revealed it.</summary>
    public static List<string> Find(IEnumerable<(string Where, byte[] Content)> places, IEnumerable<string> secrets)
    {
        var needles = secrets.Where(s => s.Length > 0).Select(Encoding.UTF8.GetBytes).ToList();
        var found = new List<string>();
        foreach (var (where, content) in places)
            foreach (var (view, bytes) in Views(where, content, 0))
                foreach (var needle in needles.Where(n => bytes.AsSpan().IndexOf(n) >= 0))
                    found.Add($"{view} holds a secret of {needle.Length} bytes");
        return found;
    }

    /// <summary>Every file under <paramref name="folder"/> written at or after <paramref name="since"/>, following links (shared caches).</summary>
    public static IEnumerable<(string Where, byte[] Content)> FilesWrittenSince(string folder, DateTime since) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => File.GetLastWriteTimeUtc(f) >= since.AddSeconds(-2))
            .Select(f => (Path.GetRelativePath(folder, f), File.ReadAllBytes(f)));

    /// <summary>The bytes themselves and every decoded form found in them.</summary>
    public static IEnumerable<(string View, byte[] Bytes)> Views(string where, byte[] content, int depth)
    {
        yield return (where, content);
        if (depth >= MaxDepth) yield break;
        foreach (var (name, inner) in Decoded(content))
            foreach (var view in Views($"{where} → {name}", inner, depth + 1))
                yield return view;
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Decoded(byte[] content)
    {
        if (content is [0x1f, 0x8b, ..] && TryGunzip(content) is { } unzipped) yield return ("gunzip", unzipped);
        if (content.Length >= 512 && Encoding.ASCII.GetString(content, 257, 5) == "ustar")
            foreach (var member in TarMembers(content)) yield return member;
        if (!LooksLikeText(content)) yield break;
        var text = Encoding.UTF8.GetString(content);
        foreach (var value in JsonStrings(text)) yield return ("json string", Encoding.UTF8.GetBytes(value));
        foreach (Match run in Base64Run().Matches(text))
            if (TryBase64(run.Value) is { } decoded) yield return ("base64", decoded);
    }

    private static byte[]? TryGunzip(byte[] content)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException) { return null; }
    }

    private static List<(string, byte[])> TarMembers(byte[] content)
    {
        var members = new List<(string, byte[])>();
        try
        {
            using var reader = new TarReader(new MemoryStream(content));
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                members.Add(($"tar member {entry.Name}", data.ToArray()));
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException) { }
        return members;
    }

    /// <summary>String values of a JSON document, or of each line of JSON lines; JSON escapes undone.</summary>
    private static IEnumerable<string> JsonStrings(string text)
    {
        var documents = text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[')
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Append(text) : [];
        foreach (var document in documents)
        {
            JsonDocument? parsed = null;
            try { parsed = JsonDocument.Parse(document); } catch (JsonException) { }
            if (parsed is null) continue;
            using (parsed)
                foreach (var value in Strings(parsed.RootElement)) yield return value;
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static byte[]? TryBase64(string run)
    {
        var padded = run.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try { return Convert.FromBase64String(padded); } catch (FormatException) { return null; }
    }

    private static bool LooksLikeText(byte[] content) => content.Length < 64 << 20 && !content.AsSpan(0, Math.Min(content.Length, 4096)).Contains((byte)0);

    [GeneratedRegex("[A-Za-z0-9+/_-]{12,}={0,2}")]
    private static partial Regex Base64Run();
}

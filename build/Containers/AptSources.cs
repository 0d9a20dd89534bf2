using System.Text.RegularExpressions;

namespace OpenH264Build.Containers;

/// <summary>One "deb" entry of the machine's apt configuration: where its packages come from.</summary>
public sealed record AptSource(string Uri, IReadOnlyList<string> Suites, IReadOnlyList<string> Components,
    string? SignedBy);

/// <summary>
/// Reads the machine's own apt sources (one-line <c>.list</c> files and deb822 <c>.sources</c> files), so that
/// source packages are fetched from the mirror this machine already uses: the project names no mirror itself.
/// </summary>
public static partial class AptSources
{
    public static IReadOnlyList<AptSource> ReadSystem(string etcApt = "/etc/apt")
    {
        var files = new List<string>();
        if (File.Exists(Path.Combine(etcApt, "sources.list"))) files.Add(Path.Combine(etcApt, "sources.list"));
        var parts = Path.Combine(etcApt, "sources.list.d");
        if (Directory.Exists(parts))
            files.AddRange(Directory.EnumerateFiles(parts).Where(f => f.EndsWith(".list")
                || f.EndsWith(".sources")).Order(StringComparer.Ordinal));
        return files.SelectMany(f => f.EndsWith(".sources") ? ParseDeb822(File.ReadAllText(f))
            : ParseOneLine(File.ReadAllText(f))).ToList();
    }

    /// <summary>One-line style: <c>deb [signed-by=/usr/share/keyrings/x.gpg] http://host/debian bookworm
    /// main</c>.</summary>
    public static IEnumerable<AptSource> ParseOneLine(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (!line.StartsWith("deb ")) continue;
            string? signedBy = null;
            var options = OptionsPattern().Match(line);
            if (options.Success)
            {
                signedBy = options.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(o => o.Split('=', 2)).FirstOrDefault(kv => kv[0] == "signed-by" && kv.Length == 2)?[1];
                line = line.Remove(options.Index, options.Length);
            }
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 3) continue;
            yield return new AptSource(words[1], [words[2]], words.Skip(3).ToList(), signedBy);
        }
    }

    /// <summary>deb822 style: stanzas of <c>Types</c>, <c>URIs</c>, <c>Suites</c>, <c>Components</c>,
    /// <c>Signed-By</c>.</summary>
    public static IEnumerable<AptSource> ParseDeb822(string text)
    {
        foreach (var stanza in Regex.Split(text.Replace("\r\n", "\n"), @"\n\s*\n"))
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? last = null;
            foreach (var line in stanza.Split('\n'))
            {
                if (line.StartsWith('#') || line.Length == 0) continue;
                if (char.IsWhiteSpace(line[0]) && last is not null) { fields[last] += "\n" + line.Trim(); continue; }
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                last = line[..colon].Trim();
                fields[last] = line[(colon + 1)..].Trim();
            }
            if (!fields.TryGetValue("Types", out var types) || !types.Split(' ').Contains("deb")) continue;
            if (fields.TryGetValue("Enabled", out var enabled)
                && enabled.Equals("no", StringComparison.OrdinalIgnoreCase)) continue;
            var signedBy = fields.GetValueOrDefault("Signed-By");
            if (signedBy is not null && signedBy.Contains('\n')) signedBy =
                null; // an inline key: apt finds it by itself
            foreach (var uri in fields.GetValueOrDefault("URIs", "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                yield return new AptSource(uri, Words(fields, "Suites"), Words(fields, "Components"), signedBy);
        }
    }

    /// <summary>The deb-src twin of each entry, in one-line form, for a private apt configuration.</summary>
    public static string ToDebSrcList(IEnumerable<AptSource> sources) =>
        string.Join("\n", sources.SelectMany(s => s.Suites.Select(suite =>
            $"deb-src {(s.SignedBy is null ? "" : $"[signed-by={s.SignedBy}] ")}{s.Uri} {suite} {string.Join(' ',
                s.Components)}".TrimEnd()))) + "\n";

    private static List<string> Words(Dictionary<string, string> fields, string name) =>
        fields.GetValueOrDefault(name, "").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList();

    [GeneratedRegex(@"\[([^\]]*)\]")]
    private static partial Regex OptionsPattern();
}

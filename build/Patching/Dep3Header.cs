namespace OpenH264Build.Patching;

/// <summary>
/// The DEP-3 header of a patch (Debian's DEP-3 patch tagging guidelines): RFC 822 style fields before
/// the diff. <c>Description</c> (or <c>Subject</c>) and <c>Author</c> (or <c>From</c>) are required by this
/// project, as are <c>Origin</c>, <c>Forwarded</c> and <c>Last-Update</c>; <c>Bug</c> may be given more than once.
/// </summary>
public sealed record Dep3Header(IReadOnlyDictionary<string, IReadOnlyList<string>> Fields)
{
    public static readonly string[] RequiredFields = ["Description", "Author", "Origin", "Forwarded", "Last-Update"];

    public string? Get(string name) => Fields.TryGetValue(name, out var values) ? values[0] : null;
    public IReadOnlyList<string> GetAll(string name) => Fields.TryGetValue(name, out var values) ? values : [];

    /// <summary>The first line of the description: the patch's title.</summary>
    public string Title => (Description ?? "").Split('\n')[0].Trim();
    public string? Description => Get("Description") ?? Get("Subject");
    public string? Author => Get("Author") ?? Get("From");
    public string? Origin => Get("Origin");
    public string? Forwarded => Get("Forwarded");
    public string? LastUpdate => Get("Last-Update");

    /// <summary>Upstream issue or pull request addresses: <c>Bug</c> and, for other trackers, <c>Bug-*</c>.</summary>
    public IReadOnlyList<string> Bugs => Fields.Where(f => f.Key.Equals("Bug", StringComparison.OrdinalIgnoreCase) || f.Key.StartsWith("Bug-", StringComparison.OrdinalIgnoreCase))
        .SelectMany(f => f.Value).ToList();

    /// <summary>Forwarded is "no" or "not-needed" when it was not sent upstream; otherwise a URL or "yes".</summary>
    public bool IsForwarded => Forwarded is { } f && !f.Equals("no", StringComparison.OrdinalIgnoreCase) && !f.Equals("not-needed", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> MissingFields() => RequiredFields.Where(f => f switch
    {
        "Description" => Description is null,
        "Author" => Author is null,
        _ => Get(f) is null
    });

    /// <summary>Reads the header: every line before the first line of the diff (<c>---</c>, <c>diff </c>, <c>Index:</c>).</summary>
    public static Dep3Header Parse(string patchText)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        foreach (var raw in patchText.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.StartsWith("--- ") || raw.StartsWith("diff ") || raw.StartsWith("Index: ") || raw == "---") break;
            if (raw.Length > 0 && char.IsWhiteSpace(raw[0]) && current is not null)
            {
                // A continuation line; a lone " ." stands for an empty line, as in Debian control files.
                var text = raw.Trim();
                var list = fields[current];
                list[^1] += "\n" + (text == "." ? "" : text);
                continue;
            }
            var colon = raw.IndexOf(':');
            if (colon <= 0 || raw[..colon].Contains(' ')) { current = null; continue; }
            current = raw[..colon].Trim();
            if (!fields.TryGetValue(current, out var values)) fields[current] = values = [];
            values.Add(raw[(colon + 1)..].Trim());
        }
        return new Dep3Header(fields.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value, StringComparer.OrdinalIgnoreCase));
    }
}

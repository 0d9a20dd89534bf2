using System.Text.RegularExpressions;

namespace OpenH264Build.Patching;

/// <summary>
/// The DEP-3 header of a patch (Debian's patch tagging guidelines): RFC 2822 style fields before the diff, in
/// the hand-written form (<c>Description:</c>, <c>Author:</c>, ...) or the git-format-patch / gbp form
/// (<c>From:</c>, <c>Subject:</c>, a free-form body). DEP-3 requires only <c>Description</c> (or its alias
/// <c>Subject</c>) and <c>Origin</c> when there is no <c>Author</c> (or <c>From</c>); everything else is optional.
/// </summary>
public sealed partial record Dep3Header(IReadOnlyDictionary<string, IReadOnlyList<string>> Fields, string FreeForm = "")
{
    public string? Get(string name) => Fields.TryGetValue(name, out var values) ? values[0] : null;
    public IReadOnlyList<string> GetAll(string name) => Fields.TryGetValue(name, out var values) ? values : [];

    /// <summary>The first line of the description: the patch's title.</summary>
    public string Title => (Description ?? "").Split('\n')[0].Trim();

    /// <summary>
    /// <c>Description</c> (its continuation lines are the long description), or <c>Subject</c> without git's
    /// <c>[PATCH n/m]</c> prefix; free-form paragraphs after the fields are further lines of the long description.
    /// </summary>
    public string? Description
    {
        get
        {
            var summary = Get("Description") ?? Subject;
            if (string.IsNullOrWhiteSpace(summary)) return null;
            return FreeForm.Length == 0 ? summary : summary + "\n" + FreeForm;
        }
    }

    public string? Subject => Get("Subject") is { } s ? PatchPrefix().Replace(s, "").Trim() : null;
    public string? Author => Get("Author") ?? Get("From");
    public string? Origin => Get("Origin");
    public string? Forwarded => Get("Forwarded");
    public string? LastUpdate => Get("Last-Update");

    /// <summary>Upstream issue or pull request addresses: <c>Bug</c> and, for other trackers, <c>Bug-*</c>.</summary>
    public IReadOnlyList<string> Bugs => Fields.Where(f => f.Key.Equals("Bug", StringComparison.OrdinalIgnoreCase)
        || f.Key.StartsWith("Bug-", StringComparison.OrdinalIgnoreCase))
        .SelectMany(f => f.Value).ToList();

    /// <summary>
    /// Whether it was sent upstream: any value but "no" and "not-needed" says yes; without the field DEP-3 implies
    /// "yes" when a <c>Bug</c> is given and "no" otherwise.
    /// </summary>
    public bool IsForwarded => Forwarded is { } f
        ? !f.Equals("no", StringComparison.OrdinalIgnoreCase)
            && !f.Equals("not-needed", StringComparison.OrdinalIgnoreCase)
        : GetAll("Bug").Count > 0;

    /// <summary>The origin's category when it starts with one of DEP-3's keywords (upstream, backport, vendor,
    /// other).</summary>
    public string? OriginCategory => Origin is { } o
        && OriginKeyword().Match(o) is { Success: true } m ? m.Groups[1].Value.ToLowerInvariant() : null;

    /// <summary>What DEP-3 requires and this header lacks: each entry a short phrase for an error message.</summary>
    public IEnumerable<string> MissingRequired()
    {
        if (Description is null) yield return "no Description (or Subject) field";
        if (Origin is null
            && Author is null) yield return "no Origin field, and no Author (or From) field that would stand for it";
    }

    /// <summary>What DEP-3 recommends and this header lacks or spells oddly: warnings, never failures.</summary>
    public IEnumerable<string> Recommendations()
    {
        if (Forwarded is null && GetAll("Bug").Count == 0 && OriginCategory is not ("upstream" or "backport"))
            yield return "DEP-3: no Forwarded field (recommended): say whether it was sent upstream (a URL, " +
                "no, or not-needed)";
        if (LastUpdate is { } date && !IsoDate().IsMatch(date))
            yield return $"DEP-3: Last-Update '{date}' is not a date in the form YYYY-MM-DD";
    }

    public static Dep3Header Parse(string patchText) => Dep3HeaderReader.Read(patchText);

    [GeneratedRegex(@"^(?:\s*\[[^\]]*(?:PATCH|RFC)[^\]]*\])+", RegexOptions.IgnoreCase)]
    private static partial Regex PatchPrefix();

    [GeneratedRegex(@"^\s*(upstream|backport|vendor|other)\s*(?:,|$)", RegexOptions.IgnoreCase)]
    private static partial Regex OriginKeyword();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();
}

using System.Globalization;
using System.Net;
using System.Text;
using OpenH264Build.Engine;

namespace OpenH264Build.Reporting;

/// <summary>The page's small building blocks. Every text goes through <see cref="E"/>: masked for secrets, then
/// HTML-encoded.</summary>
internal static class Html
{
    public static string E(string text) => WebUtility.HtmlEncode(SecretMasker.Mask(text));

    public static string Badge(string text, VerdictTone tone, string? role = null) =>
        $"<span class=\"badge {tone.ToString().ToLowerInvariant()}\"{(role is null ? "" : $" data-role=\"{role}\"")}>" +
            $"{E(text)}</span>";

    /// <summary>A link to a file beside the page (reports, pictures, the log); the name is shown as the text.</summary>
    public static string Link(string href, string? text = null) =>
        $"<a href=\"{E(string.Join('/', href.Split('/').Select(Uri.EscapeDataString)))}\">{E(text ?? href)}</a>";

    public static void Pairs(StringBuilder html, IEnumerable<(string Name, string Value)> pairs, string cssClass)
    {
        html.Append($"<table class=\"{cssClass}\">\n");
        foreach (var (name, value) in pairs)
        {
            var shown = value.Contains('\n') ? $"<pre>{E(value)}</pre>" : E(value);
            html.Append($"<tr><th>{E(name)}</th><td>{shown}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    /// <summary>A table with a header row; each cell is already HTML.</summary>
    public static void Table(StringBuilder html, string cssClass, IReadOnlyList<string> headers,
        IEnumerable<IReadOnlyList<string>> rows, string? id = null)
    {
        html.Append($"<table class=\"{cssClass}\"{(id is null ? "" : $" id=\"{id}\"")}>\n<tr>")
            .Append(string.Concat(headers.Select(h => $"<th>{E(h)}</th>"))).Append("</tr>\n");
        foreach (var row in rows) html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{c}</td>")))
            .Append("</tr>\n");
        html.Append("</table>\n");
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
    };

    public static string Duration(TimeSpan d) => string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0} s");
}

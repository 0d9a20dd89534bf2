using System.Text;
using System.Text.RegularExpressions;

namespace OpenH264Build.Patching;

/// <summary>A patch on its way into the series: the file name it will get, its text and its strip level.</summary>
public sealed record IncomingPatch(string Name, string Text, int StripLevel = 1);

/// <summary>
/// Reads what <c>ImportPatch --from</c> names: a git format-patch file (also an mbox of several patches), a
/// pull request's <c>.patch</c> address, or a whole quilt series folder. A single patch file keeps its name;
/// the messages of an mbox or a download are named as git format-patch names them (<c>0002-Subject-words.patch</c>),
/// numbered on from the highest number already in the series; a folder's patches keep their names and options.
/// </summary>
public static partial class IncomingPatches
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static async Task<IReadOnlyList<IncomingPatch>> ReadAsync(string from, int nextNumber, CancellationToken ct)
    {
        if (Uri.TryCreate(from, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return Named(MboxMessages(await DownloadAsync(uri, ct)), nextNumber, from);
        if (Directory.Exists(from))
            return PatchSeries.Load(from, from).Select(p => new IncomingPatch(p.Name, p.Text, p.StripLevel)).ToList();
        if (!File.Exists(from))
            throw new PatchException($"--from {from}: no such file or folder");
        var messages = MboxMessages(await File.ReadAllTextAsync(from, ct));
        return messages.Count == 1 ? [new IncomingPatch(Path.GetFileName(from), messages[0])] : Named(messages,
            nextNumber, from);
    }

    private static async Task<string> DownloadAsync(Uri uri, CancellationToken ct)
    {
        try
        {
            using var response = await Http.GetAsync(uri, ct);
            if (!response.IsSuccessStatusCode)
                throw new PatchException(
                    $"--from {uri}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(ct));
        }
        catch (HttpRequestException e)
        {
            throw new PatchException($"--from {uri}: could not download it ({e.Message})");
        }
    }

    /// <summary>The messages of an mbox, split at git format-patch's <c>From &lt;sha&gt; Mon Sep 17 00:00:00 2001</c>
    /// lines.</summary>
    public static IReadOnlyList<string> MboxMessages(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var starts = Enumerable.Range(0, lines.Length).Where(i => GitMboxSeparator().IsMatch(lines[i])).ToList();
        if (starts.Count <= 1) return [text];
        return starts.Select((start, k) => string.Join('\n',
            lines[start..(k + 1 < starts.Count ? starts[k + 1] : lines.Length)]).TrimEnd('\n') + "\n").ToList();
    }

    private static List<IncomingPatch> Named(IReadOnlyList<string> messages, int nextNumber, string from)
    {
        var named = new List<IncomingPatch>();
        foreach (var message in messages)
        {
            var title = Dep3Header.Parse(message).Title;
            if (title.Length == 0) throw new PatchException($"--from {from}: patch {named.Count + 1} has no Subject " +
                $"or Description");
            named.Add(new IncomingPatch($"{nextNumber + named.Count:D4}-{Slug(title)}.patch", message));
        }
        return named;
    }

    /// <summary>git format-patch's file name for a subject: runs of anything but letters, digits, '.' and '_' become
    /// one '-'.</summary>
    public static string Slug(string title)
    {
        var slug = NotInName().Replace(title, "-").Trim('-', '.');
        return slug.Length > 52 ? slug[..52].TrimEnd('-', '.') : slug;
    }

    [GeneratedRegex(@"^From [0-9a-f]{40} ")]
    private static partial Regex GitMboxSeparator();

    [GeneratedRegex(@"[^A-Za-z0-9._]+")]
    private static partial Regex NotInName();
}

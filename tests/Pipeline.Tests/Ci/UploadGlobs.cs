using System.Text;
using System.Text.RegularExpressions;

namespace OpenH264Build.Tests.Ci;

/// <summary>
/// The files an actions/upload-artifact <c>path</c> input takes from a workspace, as its globber reads the input: one
/// pattern a line (<c>*</c>, <c>**</c>, <c>?</c>), a pattern that names a folder takes everything beneath it, and a line
/// starting with <c>!</c> leaves out what it matches. Hidden files are taken even when the step would leave them
/// out, and links are followed: a scan of these files can only see more than the upload, never less.
/// </summary>
internal static class UploadGlobs
{
    public static IReadOnlyList<string> Take(string workspace, string pathInput)
    {
        var lines = pathInput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var includes = lines.Where(l => !l.StartsWith('!')).Select(Pattern).ToList();
        var excludes = lines.Where(l => l.StartsWith('!')).Select(l => Pattern(l[1..])).ToList();
        var taken = new List<string>();
        Walk(workspace, "", includes, excludes, taken);
        return taken;
    }

    private static void Walk(string workspace, string relative, List<Pattern> includes, List<Pattern> excludes, List<string> taken)
    {
        var folder = Path.Combine(workspace, relative);
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            var path = relative.Length == 0 ? Path.GetFileName(entry) : relative + "/" + Path.GetFileName(entry);
            if (excludes.Any(e => e.Matches(path))) continue;
            if (Directory.Exists(entry))
            {
                if (includes.Any(i => i.MayMatchBeneath(path))) Walk(workspace, path, includes, excludes, taken);
            }
            else if (includes.Any(i => i.Matches(path)))
                taken.Add(path);
        }
    }

    private static Pattern Pattern(string glob)
    {
        glob = glob.Trim().TrimEnd('/');
        if (glob.StartsWith("./")) glob = glob[2..];
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*') { regex.Append(".*"); i++; }
            else if (glob[i] == '*') regex.Append("[^/]*");
            else if (glob[i] == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(glob[i].ToString()));
        }
        // A pattern that names a folder takes the folder's whole content.
        regex.Append("(/.*)?$");
        var literal = new string(glob.TakeWhile(c => c is not ('*' or '?' or '[')).ToArray());
        return new Pattern(new Regex(regex.ToString()), literal);
    }
}

/// <summary>One line of a path input; <see cref="MayMatchBeneath"/> keeps the walk out of folders it cannot take from.</summary>
internal sealed record Pattern(Regex Expression, string LiteralPrefix)
{
    public bool Matches(string path) => Expression.IsMatch(path);

    public bool MayMatchBeneath(string folder) =>
        Matches(folder) || LiteralPrefix.StartsWith(folder + "/", StringComparison.Ordinal) ||
        (folder + "/").StartsWith(LiteralPrefix, StringComparison.Ordinal);
}

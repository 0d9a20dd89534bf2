namespace OpenH264Build.Archives;

/// <summary>One member of an archive as written: its name, and where a link points (null for a file or
/// folder).</summary>
public sealed record TarMember(string Name, string? LinkTarget = null, bool HardLink = false);

/// <summary>
/// The names of a release archive must be canonical, because a checker and <c>tar -x</c> must see the same files:
/// a second <c>lib/./libopenh264.so.2.3.1</c> is passed over by a reader that looks for
/// <c>lib/libopenh264.so.2.3.1</c>,
/// and then overwrites the checked library on disk. So: no absolute name, no <c>.</c>, <c>..</c> or empty segment (a
/// single leading <c>./</c>, the archive's root as <c>tar -C dir .</c> writes it, is allowed), no name twice once
/// that root is taken off, and no link whose target leaves the package.
/// </summary>
public static class TarMemberNames
{
    /// <summary>Every problem with the members' names, each naming the member; empty for a canonical archive.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<TarMember> members)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var name = WithoutRoot(member.Name);
            if (NameProblem(member.Name) is { } problem) problems.Add($"member {member.Name} {problem}");
            else if (name.Length > 0 && !seen.Add(name)) problems.Add($"member {member.Name} is in the archive twice");
            else if (member.LinkTarget is { } target && LinkProblem(name, target, member.HardLink) is { } link)
                problems.Add($"member {member.Name} {link}");
        }
        return problems;
    }

    /// <summary>The name without the archive's root (<c>./</c>) and without a folder's trailing slash.</summary>
    public static string WithoutRoot(string name)
    {
        var bare = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name == "." ? "" : name;
        return bare.TrimEnd('/');
    }

    private static string? NameProblem(string name)
    {
        if (name.StartsWith('/')) return "is an absolute name";
        var segments = WithoutRoot(name).Split('/');
        if (segments.Contains("..")) return "has a '..' segment";
        if (segments.Contains(".")) return "has a '.' segment";
        return segments.Length > 1 && segments.Contains("") ? "has an empty segment" : null;
    }

    /// <summary>A symbolic link resolves from its own folder, a hard link from the root; either must stay
    /// inside.</summary>
    private static string? LinkProblem(string name, string target, bool hardLink)
    {
        if (target.StartsWith('/')) return $"links to the absolute name {target}";
        var depth = hardLink ? 0 : name.Split('/').Length - 1;
        foreach (var segment in target.Split('/'))
        {
            depth += segment switch { ".." => -1, "." or "" => 0, _ => 1 };
            if (depth < 0) return $"links to {target}, outside the package";
        }
        return null;
    }
}

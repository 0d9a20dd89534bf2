namespace OpenH264Build.Caching;

/// <summary>
/// The key a kept verdict is found by: every input of a check, named, and the versions of the tools that judged.
/// Files and folders count by their content (a path that does not exist counts as empty), so a changed library,
/// header or report rule makes a new key and the check runs again.
/// </summary>
public sealed class VerdictKey
{
    readonly List<(string Name, string Value)> parts = [];

    public VerdictKey Text(string name, string? value)
    {
        parts.Add((name, value ?? ""));
        return this;
    }

    /// <summary>A file's or a folder's sha256; "" when there is none (an optional debug file, say).</summary>
    public VerdictKey Content(string name, string? path) => Text(name,
        path is null ? "" : File.Exists(path) ? Util.Sha256.OfFile(path) : Directory.Exists(path) ? Util.Sha256
            .OfDirectory(path) : "");

    public override string ToString() => Util.Sha256.OfParts([.. parts])[..24];
}

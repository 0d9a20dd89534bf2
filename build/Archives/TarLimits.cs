namespace OpenH264Build.Archives;

/// <summary>
/// What a tar that a container gave may hold: at most <paramref name="MaxBytes"/> in all, only folders and regular
/// files, and links only when <paramref name="SameFolderLinks"/> allows a link to a file name beside it (the soname
/// links of a compiled library). <paramref name="What"/> names the container's job in every refusal.
/// </summary>
public sealed record TarLimits(string What, long MaxBytes, bool SameFolderLinks = false)
{
    public string Cap => $"{MaxBytes / (1024 * 1024)} MiB";

    /// <summary>A link target this policy accepts: a plain name in the link's own folder.</summary>
    public bool AllowsLink(string target) =>
        SameFolderLinks && target.Length > 0 && !target.Contains('/') && target is not "." and not "..";
}

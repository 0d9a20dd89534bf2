using OpenH264Build.DebianPackaging;
using OpenH264Build.Formats;
using OpenH264Build.Signing;

namespace OpenH264Build.Dist;

/// <summary>
/// The build job is not its own witness: the builds are reproducible, so a second, independent build of the same
/// commit must give the same bits. This compares what Package makes in two dists (every library package, the library
/// inside it, every Debian package and the fleet manifest) and names each file that differs or is in one dist only.
/// </summary>
public static class BuildComparison
{
    /// <summary>The files both builds must agree on: what Package writes (reports and signatures differ by
    /// nature).</summary>
    public static bool IsCompared(string name) =>
        name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".deb", StringComparison.Ordinal)
            || name == FleetManifest.FileName;

    /// <summary>Each difference in one line naming the file and both digests; empty when the two builds
    /// agree.</summary>
    public static IReadOnlyList<string> Differences(string dist, string witness)
    {
        var ours = Compared(dist);
        var theirs = Compared(witness);
        var differences = new List<string>();
        foreach (var name in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            var (here, there) = (ours.GetValueOrDefault(name), theirs.GetValueOrDefault(name));
            if (here == there) continue;
            differences.Add(here is null ? $"{name}: only the witness build made it"
                : there is null ? $"{name}: the witness build did not make it"
                : $"{name}: sha256 {here} here, {there} in the witness build");
        }
        if (ours.Count == 0) differences.Add($"{dist} holds no library or package to compare: run Package first");
        return differences;
    }

    /// <summary>The compared files' digests by name, and each library package's library as
    /// "&lt;package&gt;!library".</summary>
    private static Dictionary<string, string> Compared(string folder)
    {
        var digests = Directory.EnumerateFiles(folder).Where(f => IsCompared(Path.GetFileName(f)))
            .ToDictionary(f => Path.GetFileName(f), Sha256Sums.Digest, StringComparer.Ordinal);
        foreach (var library in PackagedLibrary.FindAll(folder)) digests[$"{library.PackageName} (its library)"] =
            library.Sha256;
        return digests;
    }
}

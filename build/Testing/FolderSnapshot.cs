using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build.Testing;

/// <summary>
/// The sha256 of every file under some folders, taken before the test suite runs and compared after it: the tests
/// work in temporary copies of the tree, and a release manager's signed dist and reports must come out of
/// <c>./build.sh Test</c> byte for byte as they went in.
/// </summary>
public sealed class FolderSnapshot
{
    private readonly IReadOnlyList<string> _folders;
    private readonly Dictionary<string, string> _digests;

    private FolderSnapshot(IReadOnlyList<string> folders)
    {
        _folders = folders;
        _digests = Digests(folders);
    }

    public static FolderSnapshot Take(params string[] folders) => new(folders);

    /// <summary>Each file added, removed or changed since the snapshot, by path.</summary>
    public IReadOnlyList<string> Changes()
    {
        var now = Digests(_folders);
        return now.Keys.Except(_digests.Keys).Select(f => $"added {f}")
            .Concat(_digests.Keys.Except(now.Keys).Select(f => $"removed {f}"))
            .Concat(now.Keys.Intersect(_digests.Keys).Where(f => now[f] != _digests[f]).Select(f => $"changed {f}"))
            .Order(StringComparer.Ordinal).ToList();
    }

    public void ThrowIfChanged()
    {
        var changes = Changes();
        if (changes.Count > 0)
            throw new BuildFailure(
                $"The tests changed the checkout's own artifacts ({changes.Count}): {string.Join(", ",
                    changes.Take(5))}");
    }

    /// <summary>When the tests failed anyway: the change is still worth a line of its own.</summary>
    public void LogIfChanged()
    {
        foreach (var change in Changes()) Log.Error("The tests changed the checkout's own artifacts: {Change}", change);
    }

    private static Dictionary<string, string> Digests(IEnumerable<string> folders) =>
        folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .ToDictionary(f => f, Util.Sha256.OfFile);
}

using System.Text.Json;
using OpenH264Build.Compat;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Compat;

/// <summary>The reports ./build.sh Compat writes into the checkout, and the fixture patches the tests feed it.</summary>
internal static class CompatReports
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "artifacts", "reports");

    public static CompatReport Read(string arch) =>
        JsonSerializer.Deserialize<CompatReport>(File.ReadAllText(Path.Combine(Folder, $"compat-{arch}.json")), CorpusManifest.Json)!;

    /// <summary>Reports of an earlier run must not pass for this one's (on a fresh clone there are none yet).</summary>
    public static void Forget(params string[] arches)
    {
        Directory.CreateDirectory(Folder);
        foreach (var arch in arches)
        {
            File.Delete(Path.Combine(Folder, $"compat-{arch}.json"));
            File.Delete(Path.Combine(Folder, $"compat-{arch}.md"));
        }
    }

    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Compat", "Fixtures", name));
}

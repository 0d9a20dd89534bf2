using System.Text.Json;
using OpenH264Build.Compat;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Compat;

/// <summary>The reports ./build.sh Compat writes into a test's tree, and the fixture patches the tests feed it.</summary>
internal static class CompatReports
{
    public static CompatReport Read(string reportsFolder, string arch) =>
        JsonSerializer.Deserialize<CompatReport>(File.ReadAllText(Path.Combine(reportsFolder, $"compat-{arch}.json")), CorpusManifest.Json)!;

    public static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Pipeline.Tests", "Compat", "Fixtures", name));
}

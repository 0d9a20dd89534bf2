using OpenH264Build.Testing;

namespace OpenH264Build;

partial class Build
{
    async Task RunTests()
    {
        await Host.HostTools.EnsureAsync(mayInstall: !NoInstall, CancellationToken, Host.HostTools.RequiredForTests);
        var project = Path.Combine(RootDirectory, "tests", "Pipeline.Tests", "Pipeline.Tests.csproj");
        await new TestSuiteRunner(project, Path.Combine(ArtifactsDirectory, "test-results"))
            .RunAsync(TestFilter, failOnSkipped: Environment.GetEnvironmentVariable("CI") == "true", CancellationToken);
    }
}

using OpenH264Build.Engine;
using OpenH264Build.Testing;

namespace OpenH264Build;

partial class Build
{
    [Parameter("Test filter passed to 'dotnet test --filter' by the Test target",
        ReadBy = [nameof(Test)])]
    readonly string? TestFilter;

    async Task RunTests()
    {
        await Host.HostTools.EnsureAsync(mayInstall: !NoInstall, CancellationToken, Host.HostTools.RequiredForTests);
        var project = Path.Combine(RootDirectory, "tests", "Pipeline.Tests", "Pipeline.Tests.csproj");
        // The user's own dist and reports: the tests must leave them exactly as they are.
        var checkout = FolderSnapshot.Take(Paths.Dist, Paths.Reports);
        try
        {
            await new TestSuiteRunner(project, Path.Combine(Paths.Artifacts, "test-results"))
                .RunAsync(TestFilter,
                    failOnSkipped: TestSuiteRunner.FailsOnSkipped(Environment.GetEnvironmentVariable),
                        CancellationToken);
        }
        catch (BuildFailure)
        {
            checkout.LogIfChanged();
            throw;
        }
        checkout.ThrowIfChanged();
    }
}

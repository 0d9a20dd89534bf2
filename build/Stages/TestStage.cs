using OpenH264Build.Engine;
using OpenH264Build.Host;
using OpenH264Build.Pipeline;
using OpenH264Build.Testing;

namespace OpenH264Build.Stages;

/// <summary>
/// Runs the test suite (unit and integration, against the real Docker engine and tools) with dotnet test, and fails
/// when the tests changed the checkout's own dist or reports (see <see cref="TestSuiteRunner"/>).
/// </summary>
public sealed class TestStage(TestOptions options) : IStage
{
    public override string ToString() => "run the test suite";

    public async Task RunAsync(RunContext context)
    {
        await HostTools.EnsureAsync(options.MayInstall, context.Cancellation, HostTools.RequiredForTests);
        var project = Path.Combine(context.Paths.Root, "tests", "Pipeline.Tests", "Pipeline.Tests.csproj");
        // The user's own dist and reports: the tests must leave them exactly as they are.
        var checkout = FolderSnapshot.Take(context.Paths.Dist, context.Paths.Reports);
        try
        {
            await new TestSuiteRunner(project, Path.Combine(context.Paths.Artifacts, "test-results"))
                .RunAsync(options.Filter, options.FailOnSkipped, context.Cancellation);
        }
        catch (BuildFailure)
        {
            checkout.LogIfChanged();
            throw;
        }
        checkout.ThrowIfChanged();
    }
}

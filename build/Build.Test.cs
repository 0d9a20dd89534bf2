using OpenH264Build.Engine;
using OpenH264Build.Testing;

namespace OpenH264Build;

/// <summary>The Test target: the test suite, run by Stages/TestStage.</summary>
partial class Build
{
    [Parameter("Test filter passed to 'dotnet test --filter' by the Test target",
        ReadBy = [nameof(Test)])]
    readonly string? TestFilter;

    /// <summary>On CI (CI=true) a skipped test fails the run: in CI nothing is skipped.</summary>
    TestOptions TestOptions => new(TestFilter, MayInstall: !NoInstall,
        FailOnSkipped: TestSuiteRunner.FailsOnSkipped(Environment.GetEnvironmentVariable));
}

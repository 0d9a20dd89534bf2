namespace OpenH264Build.Testing;

/// <summary>What the Test target runs: the filter passed to <c>dotnet test --filter</c> (null for every test),
/// whether missing host tools may be installed, and whether a skipped test fails the run (on CI).</summary>
public sealed record TestOptions(string? Filter, bool MayInstall, bool FailOnSkipped);

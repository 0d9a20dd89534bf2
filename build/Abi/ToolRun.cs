using OpenH264Build.Processes;

namespace OpenH264Build.Abi;

/// <summary>
/// A forwarding shim to <see cref="HostProgram"/>, kept only for <c>Abi/DebianPackageBaseline.cs</c> until its owner
/// moves it to <see cref="HostProgram"/>; then this file goes. Nothing else may call it.
/// </summary>
public static class ToolRun
{
    /// <summary>A non-zero exit is the caller's to read.</summary>
    public static Task<ProgramResult> RunAsync(string tool, IEnumerable<string> arguments, string? workingDirectory = null,
        CancellationToken cancellationToken = default) =>
        HostProgram.RunAsync(tool, arguments, new ProgramOptions { WorkingDirectory = workingDirectory, AllowFailure = true }, cancellationToken);

    /// <summary>A non-zero exit is a one-line failure.</summary>
    public static Task<ProgramResult> RunCheckedAsync(string tool, IEnumerable<string> arguments, string? workingDirectory = null,
        CancellationToken cancellationToken = default) =>
        HostProgram.RunAsync(tool, arguments, new ProgramOptions { WorkingDirectory = workingDirectory }, cancellationToken);
}

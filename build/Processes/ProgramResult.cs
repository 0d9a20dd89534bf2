namespace OpenH264Build.Processes;

/// <summary>What a finished program said: its exit code and everything it printed (kept unless streamed
/// elsewhere).</summary>
public sealed record ProgramResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last meaningful line it printed on standard error (where programs complain), else on standard
    /// output.</summary>
    public string LastLine => string.IsNullOrWhiteSpace(StandardError) ? HostProgram.LastLine(StandardOutput)
        : HostProgram.LastLine(StandardError);
}

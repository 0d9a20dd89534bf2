namespace OpenH264Build.Abi;

/// <summary>How much a finding matters. Only <see cref="Error"/> fails the build.</summary>
public enum FindingSeverity
{
    /// <summary>Breaks programs linked against the baseline, or keeps the library from loading on the fleet.</summary>
    Error,

    /// <summary>Worth a look, does not fail (e.g. partial RELRO, a compatible enum change).</summary>
    Warning,

    /// <summary>A change a reviewed entry of the suppression file accepts.</summary>
    Accepted,

    /// <summary>A compatible addition, e.g. a new exported symbol.</summary>
    Note,

    /// <summary>Context only: changes to internal types, what could not be checked and why.</summary>
    Info,
}

/// <summary>
/// One thing the ABI check found. <see cref="Subject"/> is the type or symbol it is about, so a failure
/// names it; sizes and offsets are in bits, as libabigail reports them, and only set where they apply.
/// </summary>
public sealed record AbiFinding(
    FindingSeverity Severity, string Check, string Subject, string Message,
    long? OldSize = null, long? NewSize = null,
    long? OldOffset = null, long? NewOffset = null)
{
    /// <summary>Identifies the same change seen by two abidiff runs (with and without filters).</summary>
    public string Key => $"{Check}|{Subject}";
}

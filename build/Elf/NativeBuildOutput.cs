using OpenH264Build.Engine;

namespace OpenH264Build.Elf;

/// <summary>
/// One built library as the ABI check sees it: the (stripped) shared object, its split debug file when there
/// is one, and the public headers folder (<c>include/wels</c>) that says which types are the public API.
/// </summary>
public sealed record NativeBuildOutput(string SharedLibrary, string? DebugFile = null, string? HeadersDirectory = null)
{
    /// <summary>Fails with one line when a path that was given does not exist.</summary>
    public NativeBuildOutput Validate(string what)
    {
        if (!File.Exists(
            SharedLibrary)) throw new BuildFailure($"{what}: shared library {SharedLibrary} does not exist");
        if (DebugFile is not null
            && !File.Exists(DebugFile)) throw new BuildFailure($"{what}: debug file {DebugFile} does not exist");
        if (HeadersDirectory is not null
            && !Directory.Exists(
                HeadersDirectory)) throw new BuildFailure($"{what}: headers folder {HeadersDirectory} does not exist");
        return this;
    }
}

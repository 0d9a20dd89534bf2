using OpenH264Build.Engine;

namespace OpenH264Build.Host;

/// <summary>The machines the library ships to. Written on the command line as x86_64 and aarch64.</summary>
public enum TargetArch
{
    /// <summary>The servers.</summary>
    [AlsoKnownAs("amd64", "x64", "x86-64")]
    X86_64,

    /// <summary>Raspberry Pi 4 edge nodes (Cortex-A72, armv8-a with NEON).</summary>
    [AlsoKnownAs("arm64", "armv8")]
    Aarch64,
}

public static class TargetArchNames
{
    public static string Name(this TargetArch arch) => arch == TargetArch.X86_64 ? "x86_64" : "aarch64";

    /// <summary>Debian's name for the architecture, as in package names (libopenh264-7:arm64).</summary>
    public static string DebianName(this TargetArch arch) => arch == TargetArch.X86_64 ? "amd64" : "arm64";
}

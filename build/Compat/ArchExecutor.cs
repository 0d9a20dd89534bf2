using System.Runtime.InteropServices;

namespace OpenH264Build.Compat;

/// <summary>
/// How to run a program built for an architecture: directly when the host has that architecture, else through qemu
/// user-mode emulation with the cross sysroot as its library prefix. The sandbox image has both (HarnessSandbox).
/// </summary>
public sealed class ArchExecutor(TargetArch arch, string qemu = "qemu-aarch64-static", string sysroot = "/usr/aarch64-linux-gnu")
{
    public TargetArch Arch { get; } = arch;

    public static TargetArch HostArch =>
        RuntimeInformation.OSArchitecture == Architecture.Arm64 ? TargetArch.Aarch64 : TargetArch.X86_64;

    public bool IsEmulated => Arch != HostArch;

    /// <summary>
    /// The CPU qemu emulates: the one place it is named, so the command and the decode cache's key change together.
    /// "max" is qemu's own default (every extension it knows).
    /// </summary>
    public const string EmulatedCpu = "max";

    /// <summary>What runs the program: the emulated CPU model, or "host" when nothing is emulated.</summary>
    public string CpuModel => IsEmulated ? EmulatedCpu : "host";

    /// <summary>The executable and arguments to start <paramref name="program"/> with.</summary>
    public (string File, IReadOnlyList<string> Arguments) Command(string program, IEnumerable<string> arguments)
    {
        if (!IsEmulated) return (program, arguments.ToList());
        if (Arch != TargetArch.Aarch64)
            throw new Engine.BuildFailure($"Cannot run {Arch.Name()} programs on a {HostArch.Name()} host");
        return (qemu, new[] { "-cpu", EmulatedCpu, "-L", sysroot, program }.Concat(arguments).ToList());
    }
}

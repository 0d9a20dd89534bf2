using System.Runtime.InteropServices;
using OpenH264Build.Compat;
using OpenH264Build.Host;

namespace OpenH264Build.Host;

/// <summary>
/// How to run a program built for an architecture: directly when the host has that architecture, else through qemu
/// user-mode emulation with the cross sysroot as its library prefix, on the fleet's CPU model (FleetCpu), not qemu's
/// default "max". The sandbox image has both (HarnessSandbox).
/// </summary>
public sealed class ArchExecutor(TargetArch arch, string qemu = "qemu-aarch64-static",
    string sysroot = "/usr/aarch64-linux-gnu")
{
    public TargetArch Arch { get; } = arch;

    public static TargetArch HostArch =>
        RuntimeInformation.OSArchitecture == Architecture.Arm64 ? TargetArch.Aarch64 : TargetArch.X86_64;

    public bool IsEmulated => Arch != HostArch;

    /// <summary>
    /// The CPU a program runs on, as the decode cache's key names it: "host" natively; under qemu the model its
    /// command selects (<c>-cpu</c>), else qemu's default "max". Read from the command itself, so they never part.
    /// </summary>
    public string CpuModel
    {
        get
        {
            if (!IsEmulated) return "host";
            var arguments = Command("program", []).Arguments.ToList();
            var cpu = arguments.IndexOf("-cpu");
            return cpu >= 0 && cpu + 1 < arguments.Count ? arguments[cpu + 1] : "max";
        }
    }

    /// <summary>The executable and arguments to start <paramref name="program"/> with.</summary>
    public (string File, IReadOnlyList<string> Arguments) Command(string program, IEnumerable<string> arguments)
    {
        if (!IsEmulated) return (program, arguments.ToList());
        if (Arch != TargetArch.Aarch64)
            throw new Engine.BuildFailure($"Cannot run {Arch.Name()} programs on a {HostArch.Name()} host");
        return (qemu, FleetCpu.QemuArguments.Concat(["-L", sysroot, program]).Concat(arguments).ToList());
    }
}

using OpenH264Build.Host;
namespace OpenH264Build.Host;

/// <summary>
/// The CPU of the aarch64 fleet (Raspberry Pi 4: Cortex-A72, Armv8.0 with NEON), as qemu names it. Every place that
/// runs aarch64 code emulated (Compat, the soak, bisection probes, the reproducer bundles, the fleet smoke in the
/// tests) asks qemu for this model: its default, "max", has every extension up to Armv9, so a library that uses an
/// Armv8.2 instruction would decode there and die with SIGILL on the fleet.
/// </summary>
public static class FleetCpu
{
    /// <summary>qemu's name of the model (<c>-cpu cortex-a72</c>, or <c>QEMU_CPU=cortex-a72</c>).</summary>
    public const string QemuModel = "cortex-a72";

    /// <summary>What a person calls it.</summary>
    public const string Name = "Cortex-A72";

    /// <summary>The arguments that select the model on a qemu-aarch64 command line.</summary>
    public static IReadOnlyList<string> QemuArguments => ["-cpu", QemuModel];

    /// <summary>What a SIGILL on aarch64 means: the code used an instruction the fleet's CPU does not have.</summary>
    public static string? Explain(TargetArch arch, string? ending) =>
        arch == TargetArch.Aarch64 && ending?.Contains("SIGILL", StringComparison.Ordinal) == true
            ? $"illegal instruction on the {Name} (the fleet's CPU): the library uses an instruction newer than Armv8.0"
            : null;
}

using OpenH264Build.Pipeline;

namespace OpenH264Build.Containers;

/// <summary>Toolchain's result: the image the compile containers run, by name and by id (which pins every compiler).</summary>
public sealed record BuiltToolchain(string Image, string Id) : IStageResult { public static string Producer => "Toolchain"; }

/// <summary>Makes (or finds) the debootstrapped base image of the suite and the toolchain image on top of it.</summary>
public sealed class ToolchainStage : IStage<BuiltToolchain>
{
    public override string ToString() => "build the toolchain image";

    public async Task<BuiltToolchain> RunAsync(RunContext context)
    {
        var (image, id) = await new ToolchainImageBuilder(await context.DockerAsync(), await context.ImageArchiveAsync())
            .EnsureAsync(await context.BaseImageAsync(), Path.Combine(context.Paths.Native, "toolchain"), context.Cancellation);
        return new BuiltToolchain(image, id);
    }
}

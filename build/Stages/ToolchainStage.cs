using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Stages;

/// <summary>Makes (or finds) the debootstrapped base image of the suite and the toolchain image on top of it.</summary>
public sealed class ToolchainStage : IStage<BuiltToolchain>
{
    public override string ToString() => "build the toolchain image";

    public async Task<BuiltToolchain> RunAsync(RunContext context)
    {
        var (image, id) = await new ToolchainImageBuilder(await context.DockerAsync(),
            await context.ImageArchiveAsync())
            .EnsureAsync(await context.BaseImageAsync(), Path.Combine(context.Paths.Native, "toolchain"),
                context.Cancellation);
        return new BuiltToolchain(image, id);
    }
}

using OpenH264Build.Containers;

namespace OpenH264Build;

partial class Build
{
    async Task BuildToolchainImage()
    {
        var engine = await DockerAsync();
        var baseImage = await new BaseImageBuilder(engine, Path.Combine(ArtifactsDirectory, "tmp")).EnsureAsync(Suite, CancellationToken);
        (ToolchainImage, ToolchainImageId) = await new ToolchainImageBuilder(engine).EnsureAsync(baseImage, Path.Combine(NativeDirectory, "toolchain"), CancellationToken);
        ProvenanceToolchainImageId = ToolchainImageId;
    }
}

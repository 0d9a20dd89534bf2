using OpenH264Build.Engine;
using OpenH264Build.Containers;

namespace OpenH264Build;

partial class Build
{
    [Parameter("Folder where built images are saved and loaded from, for CI caches (default: artifacts/cache/images on CI, none at a desk)")]
    readonly string? ImageCache;

    async Task BuildToolchainImage()
    {
        var engine = await DockerAsync();
        var archive = new ImageArchive(engine, ImageCache ?? (IsServerBuild ? Path.Combine(CacheDirectory, "images") : null));
        var baseImage = await new BaseImageBuilder(engine, Path.Combine(ArtifactsDirectory, "tmp"), archive).EnsureAsync(Suite, CancellationToken);
        (ToolchainImage, ToolchainImageId) = await new ToolchainImageBuilder(engine, archive).EnsureAsync(baseImage, Path.Combine(NativeDirectory, "toolchain"), CancellationToken);
        ProvenanceToolchainImageId = ToolchainImageId;
    }
}

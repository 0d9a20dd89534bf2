using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Stages;

namespace OpenH264Build;

partial class Build
{
    [Parameter(
        "Folder where built images are saved and loaded from, for CI caches (default: artifacts/cache/images on " +
            "CI, none at a desk)",
        ReadBy = [nameof(Toolchain)])]
    readonly string? ImageCache;

    Task BuildToolchainImage() => Run(new ToolchainStage());
}

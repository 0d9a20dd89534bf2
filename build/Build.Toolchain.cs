using OpenH264Build.Engine;

namespace OpenH264Build;

partial class Build
{
    [Parameter(
        "Folder where built images are saved and loaded from, for CI caches (default: artifacts/cache/images on " +
            "CI, none at a desk)",
        ReadBy = [nameof(Toolchain)])]
    readonly string? ImageCache;
}

using OpenH264Build.Engine;

namespace OpenH264Build;

partial class Build
{
    [Parameter("Folder the ccache volumes are imported from and exported to as <arch>.tar, for CI caches " +
               "(default: artifacts/cache/ccache-archive on CI, none at a desk)",
        ReadBy = [nameof(Compile)])]
    readonly string? CcacheArchive;
}

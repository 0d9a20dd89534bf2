using OpenH264Build.Engine;

namespace OpenH264Build;

partial class Build
{
    [Parameter("Folder the ccache volumes are imported from and exported to as <arch>.tar, for CI caches " +
               "(default: artifacts/cache/ccache-archive on CI, none at a desk)",
        ReadBy = [nameof(Compile)])]
    readonly string? CcacheArchive;

    [Parameter("Compile: empty each arch's ccache first, for a cold compile (bench/bench.sh measures one)",
        ReadBy = [nameof(Compile)])]
    readonly bool CompileCold;
}

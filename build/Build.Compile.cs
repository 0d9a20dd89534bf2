using OpenH264Build.Engine;

namespace OpenH264Build;

partial class Build
{
    [Parameter("Parallel compile jobs inside the build container (default: the number of cores)",
        ReadBy = [nameof(Compile)])]
    readonly int Jobs = Environment.ProcessorCount;

    [Parameter("Folder the ccache volumes are imported from and exported to as <arch>.tar, for CI caches " +
               "(default: artifacts/cache/ccache-archive on CI, none at a desk)",
        ReadBy = [nameof(Compile)])]
    readonly string? CcacheArchive;

    [Parameter("Compile: empty each arch's ccache first, for a cold compile (bench/bench.sh measures one)",
        ReadBy = [nameof(Compile)])]
    readonly bool CompileCold;

    void CheckCompileParameters(ParameterCheck check) => check.AtLeast(nameof(Jobs), Jobs, 1);
}

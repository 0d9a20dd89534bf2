using OpenH264Build.Compat;

namespace OpenH264Build;

/// <summary>
/// RawDecode (unlisted, for bench/bench.sh): the yardstick Compat's time is measured against, through the engine's API
/// like every other container of the build (see <see cref="RawDecodeTimer"/>).
/// </summary>
partial class Build
{
    /// <summary>The line bench/bench.sh reads the figure from.</summary>
    internal const string RawDecodeLine = "Raw decode, both arches side by side:";

    async Task TimeRawDecode()
    {
        var wall = await new RawDecodeTimer(Context).RunAsync();
        Serilog.Log.Information("{Line:l} {Seconds:0.00} s", RawDecodeLine, wall.TotalSeconds);
    }
}

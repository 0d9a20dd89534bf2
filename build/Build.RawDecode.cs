using OpenH264Build.Compat;
using OpenH264Build.Compilation;
using OpenH264Build.Stages;

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
        // The streams first, as Compat makes them; then the libraries, the engine and the sandbox to time them in.
        var timer = new RawDecodeTimer(new CompatCorpus(CompatStage.SiteOf(Context)), Context.Arches,
            Context.Cancellation);
        var streams = await timer.StreamsAsync();
        var libraries = Context.Results.Get<CompiledLibraries>("RawDecode");
        var engine = await Context.DockerAsync();
        var wall = await timer.RunAsync(streams, libraries, engine, (await Context.SandboxAsync()).Image);
        Serilog.Log.Information("{Line:l} {Seconds:0.00} s", RawDecodeLine, wall.TotalSeconds);
    }
}

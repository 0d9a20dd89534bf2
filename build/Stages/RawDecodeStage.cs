using OpenH264Build.Compat;
using OpenH264Build.Compilation;
using OpenH264Build.Pipeline;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// RawDecode (unlisted, for bench/bench.sh): the yardstick Compat's time is measured against, the candidate's raw
/// decode of the corpus, arches side by side, through the engine's API like every other container of the build (see
/// <see cref="RawDecodeTimer"/>).
/// </summary>
public sealed class RawDecodeStage : IStage
{
    /// <summary>The line bench/bench.sh reads the figure from.</summary>
    public const string Line = "Raw decode, both arches side by side:";

    public override string ToString() => "time the candidate's raw decode of the corpus";

    public async Task RunAsync(RunContext context)
    {
        // The streams first, as Compat makes them; then the libraries, the engine and the sandbox to time them in.
        var timer = new RawDecodeTimer(new CompatCorpus(CompatStage.SiteOf(context)), context.Arches,
            context.Cancellation);
        var streams = await timer.StreamsAsync();
        var libraries = context.Results.Get<CompiledLibraries>("RawDecode");
        var engine = await context.DockerAsync();
        var wall = await timer.RunAsync(streams, libraries, engine, (await context.SandboxAsync()).Image);
        Log.Information("{Line:l} {Seconds:0.00} s", Line, wall.TotalSeconds);
    }
}

using OpenH264Build.Pipeline;
using OpenH264Build.Signing;
using OpenH264Build.Source;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>Puts the pinned upstream tarball into the download cache, checked against its sha256.</summary>
public sealed class FetchStage : IStage<FetchedSource>
{
    public override string ToString() => "fetch the pinned upstream source";

    public async Task<FetchedSource> RunAsync(RunContext context)
    {
        var pin = context.Pin;
        var tarball = await new SourceFetcher(pin,
            Path.Combine(context.Paths.Cache, "downloads")).FetchAsync(context.Cancellation);
        Log.Information("Source: {File} sha256 {Sha}", pin.File, pin.Sha256);
        var origin = pin.Origins[0];
        return new FetchedSource(tarball,
            new ProvenanceSourcePin(origin.Url
                ?? $"debian-source:{origin.DebianSource}={origin.DebianVersion}/{pin.File}", pin.Sha256));
    }
}

using OpenH264Build.Pipeline;
using OpenH264Build.Publishing;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Opens an upstream issue from a Compat reproducer bundle, the bundle attached to a pre-release of our own
/// repository; a second run opens nothing twice (see <see cref="ReproForwarder"/>).
/// </summary>
public sealed class ReportUpstreamStage(ReproForwardSettings settings) : IStage
{
    public override string ToString() => "report the reproducer upstream";

    public async Task RunAsync(RunContext context) =>
        await new ReproForwarder(settings, Log.Logger).Execute(context.Cancellation);
}

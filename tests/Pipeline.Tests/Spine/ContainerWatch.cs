using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using OpenH264Build.Containers;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// Watches an engine's events while a run goes on and inspects each container as it is created (most live for
/// seconds, so the inspection is made at once): afterwards, what every container of the run had mounted.
/// </summary>
internal sealed class ContainerWatch : IProgress<Message>
{
    private readonly DockerEngine _engine;
    private readonly ConcurrentDictionary<string, Task<ContainerInspectResponse?>> _seen = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    private ContainerWatch(DockerEngine engine)
    {
        _engine = engine;
        _watching = engine.Client.System.MonitorEventsAsync(new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["event"] = new Dictionary<string, bool> { ["create"] = true },
            },
        }, this, _stop.Token);
    }

    public static async Task<ContainerWatch> StartAsync(DockerEngine engine)
    {
        var watch = new ContainerWatch(engine);
        await Task.Delay(500); // the event stream is open before the run starts
        return watch;
    }

    public void Report(Message value) => _seen.GetOrAdd(value.Actor?.ID ?? value.ID, InspectAsync);

    private async Task<ContainerInspectResponse?> InspectAsync(string id)
    {
        try { return await _engine.Client.Containers.InspectContainerAsync(id); }
        catch (DockerContainerNotFoundException) { return null; } // gone already: a helper that lived for milliseconds
    }

    /// <summary>How many containers were created, and those that could be inspected.</summary>
    public async Task<(int Created, IReadOnlyList<ContainerInspectResponse> Inspected)> StopAsync()
    {
        _stop.Cancel();
        try { await _watching; } catch (OperationCanceledException) { }
        var inspected = await Task.WhenAll(_seen.Values);
        return (_seen.Count, inspected.OfType<ContainerInspectResponse>().ToList());
    }
}

using Docker.DotNet.Models;
using OpenH264Build.Util;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>
/// Which checkout and which run own a container: every container the build creates carries both labels, so a run
/// that holds the checkout's <c>artifacts/.lock</c> (no live run of this checkout can then have a container) finds and
/// removes what a killed run (kill -9, a lost machine) left, and never touches another checkout's containers.
/// </summary>
public static class ContainerLabels
{
    public const string Checkout = "org.openh264-build.checkout";
    public const string Run = "org.openh264-build.run";

    private static (string Checkout, string Run)? owner;

    /// <summary>A checkout is known by a digest of its root folder's full path (two clones are two owners).</summary>
    public static string CheckoutDigest(string checkoutRoot) =>
        Sha256.OfText(Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkoutRoot)))[..32];

    /// <summary>Says which checkout and run own the containers this process creates from now on.</summary>
    public static void OwnedBy(string checkoutRoot, string runId) => owner = (CheckoutDigest(checkoutRoot), runId);

    /// <summary>The labels a new container gets: its own, and its owner's when a run has said who it is.</summary>
    public static IDictionary<string, string> WithOwner(IDictionary<string, string>? labels)
    {
        var all = new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (owner is { } o)
        {
            all[Checkout] = o.Checkout;
            all[Run] = o.Run;
        }
        return all;
    }

    /// <summary>Removes every container, running or not, labelled with this checkout; the number removed.</summary>
    public static async Task<int> RemoveLeftoversAsync(DockerEngine engine, string checkoutRoot, CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{Checkout}={CheckoutDigest(checkoutRoot)}"] = true },
        };
        var leftovers = await engine.Client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = filter }, ct);
        foreach (var container in leftovers)
        {
            var run = container.Labels.TryGetValue(Run, out var id) ? id : "unknown";
            Log.Warning("Removing container {Id} left by an earlier run of this checkout (run {Run}, {State})",
                container.ID[..12], run, container.State);
            await engine.Client.Containers.RemoveContainerAsync(
                container.ID, new ContainerRemoveParameters { Force = true }, ct);
        }
        return leftovers.Count;
    }
}

using Xunit.Abstractions;

[assembly: TestCollectionOrderer("OpenH264Build.Tests.Spine.LongestCollectionsFirst", "Pipeline.Tests")]

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// The order xunit starts the collections in: the longest parallel ones first, so that two at a time they end together
/// (the Pipeline collection's chain of runs, or the fleet's rollout, started last would run on alone). The serial
/// collections run after the parallel ones whatever their place here. Measured from the TRX of full runs; the rest
/// keep a stable order.
/// </summary>
public sealed class LongestCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest = ["Pipeline", "Fleet.Release", SecondEngine.Collection, "Compat"];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Array.IndexOf(Longest, c.DisplayName) is var i and >= 0 ? i : Longest.Length)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}

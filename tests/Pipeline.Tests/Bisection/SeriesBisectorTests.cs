using OpenH264Build.Bisection;

namespace OpenH264Build.Tests.Bisection;

/// <summary>The search itself: the first failing count, found without probing the counts whose answer is known.</summary>
public sealed class SeriesBisectorTests
{
    [Theory]
    [InlineData(1, 1)]  // a single patch: nothing to probe
    [InlineData(5, 1)]  // the failure is already there with the first patch
    [InlineData(5, 3)]
    [InlineData(5, 5)]  // the failure needs the whole series
    [InlineData(8, 2)]
    [InlineData(8, 7)]
    public async Task Finds_the_first_count_with_which_the_failure_appears(int total, int firstFailing)
    {
        var probed = new List<int>();
        var found = await SeriesBisector.FirstFailingAsync(0, total, (n, _) =>
        {
            probed.Add(n);
            return Task.FromResult(n >= firstFailing);
        });

        Assert.Equal(firstFailing, found);
        // 0 passes and the whole series fails: both are known, neither is probed again, and no count twice.
        Assert.DoesNotContain(0, probed);
        Assert.DoesNotContain(total, probed);
        Assert.Equal(probed.Count, probed.Distinct().Count());
        Assert.True(probed.Count <= (int)Math.Ceiling(Math.Log2(total)), $"{probed.Count} probes for {total}: {string.Join(", ", probed)}");
    }

    [Fact]
    public async Task Every_first_failing_count_of_a_long_series_is_found()
    {
        for (var total = 1; total <= 20; total++)
        for (var first = 1; first <= total; first++)
            Assert.Equal(first, await SeriesBisector.FirstFailingAsync(0, total, (n, _) => Task.FromResult(n >= first)));
    }

    [Fact]
    public async Task A_search_whose_passing_count_is_not_below_the_failing_one_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SeriesBisector.FirstFailingAsync(3, 3, (_, _) => Task.FromResult(true)));
    }
}

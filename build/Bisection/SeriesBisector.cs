namespace OpenH264Build.Bisection;

/// <summary>
/// Binary search for the first count of applied changes (patches of a series, or hunks of one patch) with which a
/// check fails. Every probe is a compile and a check, so the search probes as few counts as it can and never the
/// counts whose answer is already known.
/// </summary>
public static class SeriesBisector
{
    /// <summary>
    /// The smallest count in (<paramref name="passing"/>, <paramref name="failing"/>] for which <paramref
    /// name="fails"/>
    /// answers true, given that <paramref name="passing"/> passes and <paramref name="failing"/> fails. Assumes that
    /// once the failure appears, it stays with every longer prefix (the usual bisection premise).
    /// </summary>
    public static async Task<int> FirstFailingAsync(int passing, int failing,
        Func<int, CancellationToken, Task<bool>> fails,
        CancellationToken cancellationToken = default)
    {
        if (passing >= failing) throw new ArgumentException($"the passing count ({passing}) must be below the " +
            $"failing count ({failing})");
        while (failing - passing > 1)
        {
            var middle = passing + (failing - passing) / 2;
            if (await fails(middle, cancellationToken)) failing = middle;
            else passing = middle;
        }
        return failing;
    }
}

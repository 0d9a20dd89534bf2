using System.Globalization;
using OpenH264Build.Engine;

namespace OpenH264Build.Fleet;

/// <summary>
/// How many hosts may fail in one run before the rollout halts: a count ("3") or a share of the hosts this run
/// targets ("5%"). Failed, unreachable and rolled-back hosts all count, over the whole run, whatever the wave.
/// </summary>
public sealed record FailureBudget(int Allowed)
{
    public static FailureBudget Parse(string text, int hostCount)
    {
        var trimmed = text.Trim();
        if (trimmed.EndsWith('%') && double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is >= 0 and <= 100)
            return new FailureBudget((int)Math.Floor(hostCount * percent / 100.0));
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            return new FailureBudget(count);
        throw new BuildFailure($"--failure-budget '{text}' is neither a count (3) nor a share (5%)");
    }

    public bool IsExceeded(int failures) => failures > Allowed;
}

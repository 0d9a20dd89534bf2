using System.Globalization;
using OpenH264Build.Engine;

namespace OpenH264Build.Fleet;

/// <summary>
/// How many hosts may fail before the rollout halts: a count ("3") or a share ("5%") of the hosts it counts over.
/// A share also gates each wave on its own: a wave whose failed hosts exceed that share of the wave (5 % of a
/// 140-host wave is 7) stops the run before the next wave, whatever the whole-run count says.
/// </summary>
public sealed record FailureBudget(int Allowed, double? Percent = null)
{
    public static FailureBudget Parse(string text, int hostCount, string option = "--failure-budget")
    {
        var trimmed = text.Trim();
        if (trimmed.EndsWith('%') && double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture,
            out var percent)
            && percent is >= 0 and <= 100)
            return new FailureBudget((int)Math.Floor(hostCount * percent / 100.0), percent);
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            return new FailureBudget(count);
        throw new BuildFailure($"{option} '{text}' is neither a count (3) nor a share (5%)");
    }

    /// <summary>Whether the text reads as a budget (for the parameter checks before anything runs).</summary>
    public static bool IsValid(string text)
    {
        try { Parse(text, 1); return true; }
        catch (BuildFailure) { return false; }
    }

    public bool IsExceeded(int failures) => failures > Allowed;

    /// <summary>The failures one wave of this size may have: the share of the wave, or the count itself.</summary>
    public int AllowedInWave(int waveSize) => Percent is { } share ? (int)Math.Floor(waveSize * share / 100.0)
        : Allowed;
}

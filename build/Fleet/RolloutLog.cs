using Serilog;

namespace OpenH264Build.Fleet;

/// <summary>One log line per host result: what it ended on, or why not.</summary>
public static class RolloutLog
{
    public static void Result(HostResult r)
    {
        if (r.State is HostResult.Done or HostResult.Reverted)
            Log.Information("  {Host} ({Arch}): {State}, {Before} -> {After}, smoke {Smoke}, {Seconds:0.0} s", r.Host,
                r.Arch, r.State,
                r.VersionBefore, r.VersionAfter, r.Smoke, r.DurationSeconds);
        else
            Log.Warning("  {Host} ({Arch}): {State}: {Error}", r.Host, r.Arch, r.State, r.Error);
    }
}

using System.Globalization;

namespace OpenH264Build.Formats;

/// <summary>
/// What the signature's trusted comment says about a release, as space-separated key=value pairs so a person
/// reads it in minisign's output and a program parses it: <c>version=2.6.0-1 commit=1a2b.. time=2026-..
/// key=release</c>.
/// <c>key=development</c> marks a build signed with a development key, which publishing refuses.
/// </summary>
public sealed record TrustedComment(string Version, string Commit, DateTimeOffset Time, bool Development)
{
    public override string ToString() =>
        $"version={Version} commit={Commit} " +
            $"time={Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ",
                CultureInfo.InvariantCulture)} key={(Development ? "development" : "release")}";

    /// <summary>Reads a trusted comment this build wrote; null for any other text.</summary>
    public static TrustedComment? TryParse(string text)
    {
        var pairs = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        if (!pairs.TryGetValue("version", out var version) || !pairs.TryGetValue("commit", out var commit) ||
            !pairs.TryGetValue("time", out var time) || !pairs.TryGetValue("key", out var key) ||
            !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            return null;
        return new TrustedComment(version, commit, when, key != "release");
    }
}

using System.Text.Json.Nodes;
using OpenH264Build.Engine;

namespace OpenH264Build.Reporting;

/// <summary>
/// The page's first line, in one sentence: "Release 2.3.1-4: ready to publish", or "not releasable: " and every
/// reason (the key, each arch's failed or missing check with its first differing frame, plane and guilty patch).
/// The page's title and favicon follow it. It is the release policy's verdict: besides the key rule, a dist is
/// releasable only when <c>ReleasePolicy.VerdictProblems</c> finds nothing, and this run's checks each say where they
/// failed.
/// </summary>
public sealed record ReleaseDecision(string Version, IReadOnlyList<string> Reasons)
{
    public bool Releasable => Reasons.Count == 0;

    public string Sentence => Releasable
        ? $"Release {Version}: ready to publish"
        : $"Release {Version}: not releasable: {string.Join("; ", Reasons)}";

    public VerdictTone Tone => Releasable ? VerdictTone.Good : VerdictTone.Bad;

    /// <summary>The decision the report's facts give: the key, the failed targets, every arch's ABI, Compat and
    /// soak.</summary>
    public static ReleaseDecision Of(RunReport report)
    {
        var reasons = new List<string>();
        if (KeyReason(report.Signature) is { } key) reasons.Add(key);
        reasons.AddRange(report.Results.Where(r => r.Status == TargetStatus.Failed && r.Name is not ("Abi" or "Compat"))
            .Select(r => $"{r.Name} failed"));
        foreach (var arch in report.Arches)
            reasons.AddRange(VerdictSummary.Row(report,
                arch).Select(cell => CheckReason(report, cell)).OfType<string>());
        // This run's failures are said with their frame, plane and guilty patch; the policy's findings on the dist
        // follow.
        reasons.AddRange(report.PolicyProblems);
        return new ReleaseDecision(report.Facts.Version ?? "(version not known)", reasons);
    }

    private static string? KeyReason(SignatureStatus signature) => (signature.State, signature.KeyKind) switch
    {
        (SignatureState.Unsigned, _) => "not signed",
        (SignatureState.Invalid, _) => "its signature does not verify",
        (_, SigningKeyKind.Development) => "signed with a development key",
        (SignatureState.Verified, SigningKeyKind.Release) => null,
        _ => "the release key's signature is not verified",
    };

    private static string? CheckReason(RunReport report, VerdictCell cell)
    {
        var name = $"{cell.Arch} {VerdictSummary.Title(cell.Check)}";
        if (cell.Word == "pass") return null;
        if (cell.Word is "not run" or "not recorded" or "no report" or "unreadable") return $"{name} {cell.Word}";
        var source = report.Checks.FirstOrDefault(c => c.Arch == cell.Arch
            && c.Check == (cell.Check == "soak" ? "compat" : cell.Check));
        var where = source?.Fields is { } fields ? Where(fields, cell.Check == "soak") : null;
        return $"{name} {(cell.Word == "fail" ? "failed" : cell.Word)}{(where is null ? "" : $" ({where})")}";
    }

    /// <summary>"frame 180, plane Y, guilty patch 0003-…": the first failed stream's difference and the bisection's
    /// patch.</summary>
    private static string? Where(JsonObject fields, bool soak)
    {
        var parts = new List<string>();
        var failed = (fields["streams"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(s => s["verdict"]?.ToString() == "fail" && (!soak
                || s["soak"]?.ToString() is "true" or "True"));
        if (failed?["difference"] is JsonObject d)
        {
            parts.Add($"{failed["stream"]}, frame {d["firstFrame"]}");
            parts.Add($"plane {d["firstPlane"]}");
        }
        else if (failed is not null) parts.Add($"{failed["stream"]}: {failed["message"]}");
        if (fields["guiltyPatch"]?["name"]?.ToString() is { } guilty) parts.Add($"guilty patch {guilty}");
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}

/// <summary>The lines under the run's summary table: each arch's verdicts, the key kind, the decision and where to
/// look.</summary>
public static class RunConclusion
{
    public static IEnumerable<string> Lines(RunReport report, string dist, string page)
    {
        foreach (var arch in report.Arches)
            yield return $"{arch}: " + string.Join(", ",
                VerdictSummary.Row(report, arch).Select(c => $"{VerdictSummary.Title(c.Check)} {c.Word}"));
        yield return $"key: {KeyKind(report.Signature)}";
        yield return ReleaseDecision.Of(report).Sentence;
        yield return $"dist: {dist}";
        yield return $"report: {page}";
    }

    private static string KeyKind(SignatureStatus signature) => signature.State == SignatureState.Unsigned ? "unsigned"
        : signature.KeyKind switch
        {
            SigningKeyKind.Release => "release",
            SigningKeyKind.Development => "development (not for release)",
            _ => "not recorded",
        };
}

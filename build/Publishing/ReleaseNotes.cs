using System.Text;
using OpenH264Build.Dist;
using OpenH264Build.Formats;
using OpenH264Build.Git;
using OpenH264Build.Patching;
using OpenH264Build.Versioning;

namespace OpenH264Build.Publishing;

/// <summary>Everything the notes are made of; nothing time-dependent, so the same inputs give the same notes.</summary>
public sealed record ReleaseNotesInput(
    ReleaseTag Version,
    GitHubRepository Repository,
    GitHubEndpoint Endpoint,
    IReadOnlyList<SeriesPatch> Patches,
    IReadOnlyDictionary<string, UpstreamStatus> Upstream,
    IReadOnlyList<VerdictReport> Verdicts,
    DistFolder Dist);

/// <summary>
/// Writes the release's name and notes (GitHub markdown): each patch from its DEP-3 header with the upstream
/// issue it fixes, the ABI and compatibility verdicts per arch linked to their reports, the checksums, and how
/// to verify the download with stock tools.
/// </summary>
public static class ReleaseNotes
{
    public static string Name(
        ReleaseTag version) => $"OpenH264 {version.Upstream}, patch release {version.PatchRelease} ({version.Tag})";

    public static string Write(ReleaseNotesInput input)
    {
        var text = new StringBuilder();
        text.AppendLine($"Cisco's OpenH264 {input.Version.Upstream} with {input.Patches.Count} patch(es) applied: a " +
            $"drop-in replacement for `libopenh264.so.7` on x86_64 and aarch64 (Raspberry Pi 4).");
        text.AppendLine();
        WritePatches(text, input);
        WriteChecks(text, input);
        WriteChecksums(text, input.Dist);
        WriteVerification(text, input.Dist);
        return text.ToString();
    }

    private static void WritePatches(StringBuilder text, ReleaseNotesInput input)
    {
        text.AppendLine("## Patches");
        text.AppendLine();
        if (input.Patches.Count == 0) text.AppendLine("None: this is upstream as released.");
        foreach (var patch in input.Patches)
        {
            var header = patch.Header;
            text.AppendLine($"### `{patch.Name}`: {Escape(header.Title)}");
            text.AppendLine();
            var rest = string.Join('\n', (header.Description ?? "").Split('\n').Skip(1)).Trim();
            if (rest.Length > 0) { text.AppendLine(rest); text.AppendLine(); }
            text.AppendLine($"- Author: {Escape(header.Author ?? "unknown")}");
            foreach (var link in patch.Links) text.AppendLine(LinkLine(link, input.Upstream));
            if (!patch.Links.Any(l => l.Kind == "origin")
                && header.Origin is { } origin) text.AppendLine($"- Origin: {Escape(origin)}");
            if (!patch.Links.Any(l => l.Kind == "forwarded"))
                text.AppendLine(
                    $"- Forwarded upstream: {Escape(header.Forwarded ?? (header.IsForwarded ? "yes" : "no"))}");
            text.AppendLine();
        }
    }

    /// <summary>The ABI and compatibility verdict of each arch, linked to its report when the report is a release
    /// asset.</summary>
    private static void WriteChecks(StringBuilder text, ReleaseNotesInput input)
    {
        var (version, repository, endpoint) = (input.Version, input.Repository.ToString(), input.Endpoint);
        string AssetLink(string name) => endpoint.AssetDownloadUrl(repository, version.Tag, name);
        bool InDist(string name) => input.Dist.Files.Any(f => f.Name == name);

        text.AppendLine("## Checks");
        text.AppendLine();
        if (input.Verdicts.Count == 0) text.AppendLine("No ABI or compatibility report was found for this release.");
        else
        {
            text.AppendLine("| Arch | ABI (against upstream) | Compatibility |");
            text.AppendLine("|---|---|---|");
            foreach (var arch in input.Verdicts.Select(v => v.Arch).Distinct().Order(StringComparer.Ordinal))
            {
                string Cell(string kind) => input.Verdicts.FirstOrDefault(v => v.Arch == arch
                    && v.Kind == kind) is { } v
                    ? InDist(v.FileName) ? $"[{Escape(v.Verdict ?? "no verdict")}]({AssetLink(v.FileName)})" : Escape(
                        v.Verdict ?? "no verdict")
                    : "not checked";
                text.AppendLine($"| {arch} | {Cell("abi")} | {Cell("compat")} |");
            }
        }
        text.AppendLine();
    }

    private static void WriteChecksums(StringBuilder text, DistFolder dist)
    {
        text.AppendLine("## Checksums (SHA-256)");
        text.AppendLine();
        text.AppendLine("```");
        foreach (var (name, sha) in dist.Checksums) text.AppendLine($"{sha}  {name}");
        text.AppendLine("```");
        text.AppendLine();
    }

    /// <summary>How to check the download with stock tools: minisign for the checksums, sha256sum for the
    /// files.</summary>
    private static void WriteVerification(StringBuilder text, DistFolder dist)
    {
        var key = dist.PublicKeyFile ?? "<release public key>.pub";
        text.AppendLine("## Verify the download");
        text.AppendLine();
        text.AppendLine(
            $"Download the files you need with `{DistFolder.ChecksumsFile}`, `{DistFolder.SignatureFile}` " +
            $"and the public key, then:");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine($"minisign -Vm {DistFolder.ChecksumsFile} -p {key}   # the checksums are signed with the " +
            $"release key");
        text.AppendLine($"sha256sum --check --ignore-missing {DistFolder.ChecksumsFile}   # the files are the " +
            $"signed ones");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine($"Signature trusted comment: `{dist.TrustedCommentText.Replace("`", "'")}`");
    }

    /// <summary>
    /// One upstream address of a patch (from Bug, Forwarded, Origin or Applied-Upstream), with upstream's title and
    /// state when it was read.
    /// </summary>
    private static string LinkLine(PatchLink link, IReadOnlyDictionary<string, UpstreamStatus> upstream)
    {
        var label = link.Kind switch
        {
            "bug" => "Fixes",
            "forwarded" => "Forwarded upstream",
            "applied-upstream" => "Applied upstream",
            _ => "Origin",
        };
        if (!upstream.TryGetValue(link.Url, out var status)) return $"- {label}: <{link.Url}>";
        var title = status.Title is null ? "" : $" \"{Escape(status.Title)}\"";
        var drop = status.CandidateToDrop
            ? $" — **merged upstream and released in {status.ReleasedIn}: candidate to drop**" : "";
        return $"- {(link.Kind == "bug" ? "Fixes upstream" : label)}: [{status.Link.Reference}]({link.Url}){title} " +
            $"({status.State}){drop}";
    }

    /// <summary>Keeps header text from turning into markdown or HTML it was never meant to be.</summary>
    private static string Escape(string text) => text.Replace("<", "&lt;").Replace(">", "&gt;").Replace("\n", " ");
}

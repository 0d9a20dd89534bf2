using System.Text.Json;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Formats;

namespace OpenH264Build.Dist;

/// <summary>
/// What the release policy concluded of a release that passed it, in one sentence for a log, a report page or a
/// rollout report: the version, the keys, the arches proven, and whether a lab run let a development release through.
/// </summary>
public sealed record ReleaseVerdict(string Folder, string Version, string? Commit, bool DevelopmentSignature,
    bool DevelopmentRepositoryKey,
    bool Lab, IReadOnlyList<string> Arches, string RepositoryKeyFingerprint)
{
    /// <summary>Where Verify leaves the verdict for the report page.</summary>
    public const string FileName = "release-verdict.json";

    public static ReleaseVerdict Of(VerifiedDist verified, FleetManifest manifest, bool lab) => new(
        verified.Dist.Folder, verified.TrustedComment?.Version ?? manifest.DebianVersion,
            verified.TrustedComment?.Commit,
        verified.TrustedComment?.Development ?? true, manifest.DevelopmentKey, lab,
        verified.Dist.Libraries.Select(l => l.Arch).ToList(), manifest.RepositoryKeyFingerprint);

    /// <summary>The verdict in one sentence; a lab run's starts with <see cref="ReleasePolicy.LabLine"/>.</summary>
    public string Sentence =>
        (Lab ? ReleasePolicy.LabLine + ": " : "") +
        $"release {Version} passes the release policy: signed by the " +
            $"{(DevelopmentSignature ? "development" : "release")} key, " +
        $"apt repository by the {(DevelopmentRepositoryKey ? "development" : "release")} repository key " +
            $"{RepositoryKeyFingerprint}; " +
        $"ABI and Compat (with the soak) pass for {string.Join(", ", Arches)}, each verdict bound to the library in " +
            $"the tarball, " +
        "the .deb and the fleet manifest";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the verdict as JSON (with its sentence) for the report page.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fields = new { verdict = Sentence, lab = Lab, version = Version, commit = Commit, arches = Arches,
            developmentSignature = DevelopmentSignature, developmentRepositoryKey = DevelopmentRepositoryKey,
            repositoryKeyFingerprint = RepositoryKeyFingerprint, folder = Folder };
        File.WriteAllText(path, JsonSerializer.Serialize(fields, Options) + "\n");
    }
}

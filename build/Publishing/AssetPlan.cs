using Octokit;
using OpenH264Build.Dist;

namespace OpenH264Build.Publishing;

public enum AssetAction
{
    /// <summary>Already on the release with the same size and content.</summary>
    Keep,
    Upload,
    /// <summary>On the release with other content, and --replace was given: deleted, then uploaded again.</summary>
    Replace,
    /// <summary>An upload that never finished (state other than "uploaded"): ours, deleted without asking.</summary>
    Resume,
}

/// <summary>What will happen to one dist file on the release; <see cref="Existing"/> is the asset already
/// there.</summary>
public sealed record AssetStep(DistFile File, AssetAction Action, ReleaseAsset? Existing)
{
    public bool Writes => Action != AssetAction.Keep;

    public string Describe() => Action switch
    {
        AssetAction.Keep => $"keep {File.Name} (already there, same content)",
        AssetAction.Upload => $"upload {File.Name} ({File.Size} bytes, sha256 {File.Sha256})",
        AssetAction.Replace =>
            $"replace {File.Name} (its content differs; --replace) with {File.Size} bytes, sha256 {File.Sha256}",
        _ => $"delete the unfinished upload of {File.Name} and upload it ({File.Size} bytes, sha256 {File.Sha256})",
    };
}

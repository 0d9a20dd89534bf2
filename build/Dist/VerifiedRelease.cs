using OpenH264Build.Pipeline;

namespace OpenH264Build.Dist;

/// <summary>Verify's result: the release policy's verdict on the release folder.</summary>
public sealed record VerifiedRelease(ReleaseVerdict Verdict) : IStageResult
{
    public static string Producer => "Verify";

    /// <summary>Where Verify leaves the verdict for the report page.</summary>
    public const string FileName = "release-verdict.json";
}

/// <summary>The release folder Verify checks, the release public key file, and what the host expects.</summary>
public sealed record VerifyOptions(string Folder, string PublicKeyFile, ReleaseRequest Request);

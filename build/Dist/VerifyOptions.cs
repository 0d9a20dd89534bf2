namespace OpenH264Build.Dist;

/// <summary>The release folder Verify checks, the release public key file, and what the host expects.</summary>
public sealed record VerifyOptions(string Folder, string PublicKeyFile, ReleaseRequest Request);

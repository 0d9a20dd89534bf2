namespace OpenH264Build.Signing;

/// <summary>
/// For publishing: a release must not carry a development signature. The trusted comment says which kind of key
/// signed, and it is covered by the signature, so it cannot be edited to say "release".
/// </summary>
public static class DevelopmentKeyGuard
{
    /// <summary>Fails unless dist's SHA256SUMS.minisig says it was signed with a release key (verify it first).</summary>
    public static void RefuseDevelopmentSignature(string distDirectory)
    {
        var signature = MinisignSignature.Load(Path.Combine(distDirectory, ReleaseSigner.SignatureFileName));
        var comment = TrustedComment.TryParse(signature.TrustedComment);
        if (comment is null)
            throw new SigningFailure($"{ReleaseSigner.SignatureFileName}: the trusted comment is not one this pipeline writes; refusing to publish");
        if (comment.Development)
            throw new SigningFailure($"{distDirectory} is signed with a development key (version {comment.Version}); a release needs --signing-key or OPENH264_SIGNING_KEY");
    }
}

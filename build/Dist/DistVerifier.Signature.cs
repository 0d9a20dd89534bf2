using OpenH264Build.Formats;
using OpenH264Build.Signing;

namespace OpenH264Build.Dist;

/// <summary>The signature over SHA256SUMS and the trusted comment it covers: what the signer claims, held against the
/// asker.</summary>
public sealed partial class DistVerifier
{
    /// <summary>Nothing in SHA256SUMS can be trusted before its signature is checked, so a failure here stops
    /// everything.</summary>
    private static void RefuseUntrustedSignature(DistFolder dist, DistSignature signature,
        MinisignPublicKey publicKey, DistExpectations expect)
    {
        var signatureFailure = Try(() => signature.Parsed!.Verify(publicKey, dist.PathOf(DistFolder.ChecksumsFile),
            DistFolder.SignatureFile));
        if (expect.CheckTrustedComment) RefuseDevelopmentKey(signature, expect);
        if (signatureFailure is not null) throw Refuse(expect, Wrap(expect, publicKey, signatureFailure.Message));
        if (expect.CheckTrustedComment) CheckTrustedComment(signature, expect);
    }

    /// <summary>
    /// The one refusal of a development key. It holds whether or not the signature checked out: a development key's
    /// signature cannot check out with the release key, and the comment it claims says why, plainly.
    /// </summary>
    private static void RefuseDevelopmentKey(DistSignature signature, DistExpectations expect)
    {
        var comment = signature.Comment;
        if (comment is { Development: true } && !expect.AllowDevelopment)
            throw Refuse(expect, expect.Use == DistUse.Publish
                ? $"the dist is signed with a development key (trusted comment: '{signature.TrustedCommentText}'): " +
                    $"sign it with the release key before publishing"
                : $"version {comment.Version} is signed with a development key, a local build that must not be " +
                    $"deployed (--allow-development accepts it)");
    }

    /// <summary>The trusted comment is covered by the signature just checked, so what it says can be held against the
    /// asker's wishes.</summary>
    private static void CheckTrustedComment(DistSignature signature, DistExpectations expect)
    {
        var publish = expect.Use == DistUse.Publish;
        var text = signature.TrustedCommentText;
        var comment = signature.Comment
            ?? throw Refuse(expect, publish
                ? $"the dist's signature carries a trusted comment this pipeline does not write ('{text}'): sign it " +
                    $"with ./build.sh Sign"
                : $"the signature's trusted comment is not one this pipeline writes ('{text}')");
        if (expect.Version is { } expected && comment.Version != expected.TrimStart('v'))
            throw Refuse(expect, publish
                ? $"the dist is version {comment.Version}, but the release is {expected.TrimStart('v')}: build and " +
                    $"sign the tagged commit"
                : $"the release is version {comment.Version}, but version {expected.TrimStart('v')} is expected: " +
                    $"refusing another (or an older) release");
        if (expect.Commit is { } commit && !string.Equals(comment.Commit, commit, StringComparison.OrdinalIgnoreCase))
            throw Refuse(
                expect, $"the dist was built from commit {Short(comment.Commit)}, but {expect.Tag ?? "the release"} " +
                    $"is commit {Short(commit)}: build and sign the tagged commit");
    }

    /// <summary>
    /// The report page's view: whether SHA256SUMS is signed, and verified by a public key shipped in the dist, and
    /// whether the files it lists are the ones in the dist. Never throws for a bad dist: it says what is wrong.
    /// </summary>
    public SignatureCheck CheckSignature(DistFolder dist)
    {
        if (!dist.HasChecksums) return new SignatureCheck(
            SignatureCheckState.Unsigned, $"no {DistFolder.ChecksumsFile} in the dist");
        if (dist.Signature is not { } signature)
            return new SignatureCheck(
                SignatureCheckState.Unsigned,
                    $"{DistFolder.ChecksumsFile} is not signed (no {DistFolder.SignatureFile})");
        if (dist.PublicKeys.Count == 0)
            return new SignatureCheck(
                SignatureCheckState.NotVerified, $"{DistFolder.SignatureFile} is present; no public key (*.pub) in " +
                    $"the dist to verify it with", signature.KeyKind);
        if (signature.Parsed is null) return new SignatureCheck(
            SignatureCheckState.Invalid, $"{DistFolder.SignatureFile} does not verify: {signature.Problem}");

        var failures = new List<string>();
        foreach (var key in dist.PublicKeys)
        {
            var failure = Try(() => signature.Parsed.Verify(MinisignPublicKey.Parse(File.ReadAllText(key.Path),
                key.Name), dist.PathOf(DistFolder.ChecksumsFile), DistFolder.SignatureFile));
            if (failure is not null) { failures.Add($"{key.Name}: {failure.Message}"); continue; }
            List<string> changed = dist.ChecksumsProblem is { } unreadable ? [unreadable] : ListedFileProblems(dist,
                DistUse.Verify, out _);
            if (changed.Count > 0)
                return new SignatureCheck(
                    SignatureCheckState.Invalid,
                        $"{DistFolder.SignatureFile} verified with {key.Name}, but the files " +
                        $"do not match {DistFolder.ChecksumsFile}: {string.Join("; ", changed)}", signature.KeyKind);
            return new SignatureCheck(
                SignatureCheckState.Verified, $"{DistFolder.SignatureFile} verified with {key.Name} (Trusted " +
                    $"comment: {signature.TrustedCommentText})", signature.KeyKind);
        }
        return new SignatureCheck(
            SignatureCheckState.Invalid, $"{DistFolder.SignatureFile} does not verify: {string.Join("; ", failures)}");
    }
}

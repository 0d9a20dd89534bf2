using OpenH264Build.Engine;
using OpenH264Build.Formats;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build.Dist;

/// <summary>
/// The files and signatures of a dist, which the release policy (<see cref="ReleasePolicy"/>) checks first and the
/// end of a run checks alone: SHA256SUMS.minisig over SHA256SUMS with the given public key, every listed file's
/// sha256, nothing unlisted, no symbolic link, no file listed twice, the provenance (its signature, its subjects
/// against the files), the trusted comment (ours, the expected version and commit, a development key refused unless
/// allowed). Problems with the files are collected, each naming the file and, for a digest, both values; then one
/// failure says how many and what they are.
/// </summary>
public sealed partial class DistVerifier(ILogger? logger = null)
{
    private readonly ILogger _log = logger ?? Log.Logger;

    public VerifiedDist Verify(string folder, MinisignPublicKey publicKey, DistExpectations? expectations = null)
    {
        var expect = expectations ?? DistExpectations.FilesAndSignatures();
        var (dist, signature) = OpenSigned(folder, publicKey, expect);
        RefuseUntrustedSignature(dist, signature, publicKey, expect);
        var fileCount = RefuseFileProblems(dist, folder, publicKey, expect);

        _log.Information("Verified {Count} files of {Folder} with key {KeyId}; trusted comment: {Comment}",
            fileCount, folder, publicKey.KeyIdText, signature.TrustedCommentText);
        var comment = signature.Comment;
        if (comment?.Development == true)
            _log.Warning("This release is signed with a development key: it is a local build, not a release");
        return new VerifiedDist(dist, fileCount, signature.TrustedCommentText, comment);
    }

    /// <summary>The folder, its SHA256SUMS and a readable signature of it: without these there is nothing to
    /// check.</summary>
    private static (DistFolder Dist, DistSignature Signature) OpenSigned(string folder, MinisignPublicKey publicKey,
        DistExpectations expect)
    {
        var publish = expect.Use == DistUse.Publish;
        if (!Directory.Exists(folder))
            throw Refuse(expect,
                publish ? "the dist folder is missing or empty: build, check and sign first (artifacts/dist)"
                    : $"{folder} does not exist");
        var dist = DistFolder.Open(folder);
        if (publish && dist.Files.Count == 0 && dist.Links.Count == 0)
            throw Refuse(expect, "the dist folder is missing or empty: build, check and sign first (artifacts/dist)");
        // A link could make a listed name read any file of the host: none is followed, each is refused.
        if (dist.Links.Count > 0)
            throw Refuse(expect,
                Wrap(expect,
                    publicKey, $"{dist.Links[0]} is a symbolic link: a release folder holds regular files only"));
        if (!dist.HasChecksums)
            throw Refuse(expect,
                publish ? $"the dist has no {DistFolder.ChecksumsFile}: it was not signed"
                    : $"{DistFolder.ChecksumsFile} is missing from {folder}");
        var signature = dist.Signature
            ?? throw Refuse(expect,
                publish ? $"the dist has no {DistFolder.SignatureFile}: it was not signed"
                    : $"{DistFolder.SignatureFile} is missing");
        if (signature.Parsed is null) throw Refuse(expect, Wrap(expect, publicKey, signature.Problem!));
        return (dist, signature);
    }

    /// <summary>Publish names the key a dist failed to check out with; the other askers give the problem
    /// itself.</summary>
    private static string Wrap(DistExpectations expect, MinisignPublicKey key, string problem) =>
        expect.Use == DistUse.Publish
            ? $"the dist does not check out with the release key {key.KeyIdText}{(expect.KeyFileName is { } file
                ? $" ({file})" : "")}: {problem}"
            : problem;

    /// <summary>Publish fails as a build failure of its own; the others as a verification failure.</summary>
    private static BuildFailure Refuse(DistExpectations expect, string message) =>
        expect.Use == DistUse.Publish ? new BuildFailure(message) : new VerificationFailure(message);

    private static VerificationFailure? Try(Action check)
    {
        try { check(); return null; }
        catch (VerificationFailure e) { return e; }
        catch (SigningFailure e) { return new VerificationFailure(e.Message); }
    }

    private static string Normalize(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}

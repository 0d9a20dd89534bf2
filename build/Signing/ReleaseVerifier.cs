using Serilog;

namespace OpenH264Build.Signing;

/// <summary>What a verified release says about itself.</summary>
public sealed record VerifiedRelease(int FileCount, string TrustedCommentText, TrustedComment? TrustedComment);

/// <summary>
/// What the host expects of the release, checked against the signed trusted comment: the version it asked for
/// (so an older, validly signed release cannot be slipped in), and a release key unless development builds are allowed.
/// </summary>
public sealed record VerifyExpectations(string? Version = null, bool AllowDevelopment = false);

/// <summary>
/// Checks a downloaded release folder as a fleet host would, trusting only the release public key:
/// SHA256SUMS.minisig over SHA256SUMS, every listed file's sha256, nothing unlisted, and the provenance
/// (its signature, and its subjects against the files). All problems are collected, each naming the file and,
/// for a digest, both values; then one failure says how many and what they are. It follows no symbolic link: a
/// release folder holds regular files only, and a link anywhere in it is refused before anything is read.
/// </summary>
public sealed class ReleaseVerifier(MinisignPublicKey publicKey, ILogger? logger = null)
{
    private readonly ILogger _log = logger ?? Log.Logger;

    /// <param name="expectations">What the host expects (version, key kind); null checks the files and signatures only.</param>
    public VerifiedRelease Verify(string folder, VerifyExpectations? expectations = null)
    {
        if (!Directory.Exists(folder)) throw new VerificationFailure($"{folder} does not exist");
        RefuseLinks(folder);
        var sumsPath = Path.Combine(folder, Sha256Sums.FileName);
        if (!File.Exists(sumsPath)) throw new VerificationFailure($"{Sha256Sums.FileName} is missing from {folder}");

        // Nothing in SHA256SUMS can be trusted before its signature is checked, so this failure stops everything.
        var signature = MinisignSignature.Load(Path.Combine(folder, ReleaseSigner.SignatureFileName));
        signature.Verify(publicKey, sumsPath, ReleaseSigner.SignatureFileName);
        if (expectations is not null) CheckExpectations(signature.TrustedComment, expectations);

        var problems = new List<string>();
        var listed = Sha256Sums.Parse(File.ReadAllText(sumsPath), Sha256Sums.FileName);
        RefuseDuplicates(listed);
        var present = Sha256Sums.ListFiles(folder, [Sha256Sums.FileName, ReleaseSigner.SignatureFileName]);
        var actual = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var entry in listed)
        {
            var path = Path.Combine(folder, entry.Name);
            if (entry.Name.Split('/').Contains("..") || Path.IsPathRooted(entry.Name))
                problems.Add($"{entry.Name}: a name in {Sha256Sums.FileName} that points outside the folder");
            else if (!File.Exists(path))
                problems.Add($"{entry.Name}: missing (SHA256SUMS says sha256 {entry.Sha256})");
            else
            {
                var digest = actual[entry.Name] = Sha256Sums.Digest(path);
                if (digest != entry.Sha256)
                    problems.Add($"{entry.Name}: sha256 is {digest}, SHA256SUMS says {entry.Sha256}");
            }
        }
        var listedNames = listed.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in present.Where(n => !listedNames.Contains(n)))
            problems.Add($"{name}: not listed in {Sha256Sums.FileName} (sha256 {Sha256Sums.Digest(Path.Combine(folder, name))})");

        CheckProvenance(folder, listed, actual, problems);

        if (problems.Count > 0)
        {
            foreach (var problem in problems) _log.Error("Verify: {Problem}", problem);
            throw new VerificationFailure($"{problems.Count} problem(s) in {folder}: {string.Join("; ", problems)}");
        }

        var comment = TrustedComment.TryParse(signature.TrustedComment);
        _log.Information("Verified {Count} files of {Folder} with key {KeyId}; trusted comment: {Comment}",
            listed.Count, folder, publicKey.KeyIdText, signature.TrustedComment);
        if (comment?.Development == true)
            _log.Warning("This release is signed with a development key: it is a local build, not a release");
        return new VerifiedRelease(listed.Count, signature.TrustedComment, comment);
    }

    /// <summary>A link could make a listed name read any file of the host: none is followed, each is refused.</summary>
    private static void RefuseLinks(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        var link = Directory.EnumerateFileSystemEntries(folder, "*", options).FirstOrDefault(p => new FileInfo(p).LinkTarget is not null);
        if (link is not null)
            throw new VerificationFailure($"{Path.GetRelativePath(folder, link)} is a symbolic link: a release folder holds regular files only");
    }

    /// <summary>A name listed twice could pair one file with two digests; sha256sum would check both, a reader one.</summary>
    private static void RefuseDuplicates(IReadOnlyList<FileDigest> listed)
    {
        var twice = listed.GroupBy(e => e.Name.StartsWith("./", StringComparison.Ordinal) ? e.Name[2..] : e.Name, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new VerificationFailure($"{Sha256Sums.FileName} lists {twice.Key} {twice.Count()} times: a release lists each file once");
    }

    /// <summary>The trusted comment is covered by the signature just checked, so what it says can be held against the host's wishes.</summary>
    private static void CheckExpectations(string trustedComment, VerifyExpectations expectations)
    {
        var comment = TrustedComment.TryParse(trustedComment)
            ?? throw new VerificationFailure($"the signature's trusted comment is not one this pipeline writes ('{trustedComment}')");
        if (comment.Development && !expectations.AllowDevelopment)
            throw new VerificationFailure($"version {comment.Version} is signed with a development key, a local build that must not be deployed (--allow-development accepts it)");
        if (expectations.Version is { } expected && comment.Version != expected.TrimStart('v'))
            throw new VerificationFailure($"the release is version {comment.Version}, but version {expected.TrimStart('v')} is expected: refusing another (or an older) release");
    }

    /// <summary>Each provenance file is signed, and its subjects are exactly the release's other files, with their digests.</summary>
    private void CheckProvenance(string folder, IReadOnlyList<FileDigest> listed, IReadOnlyDictionary<string, string> actual, List<string> problems)
    {
        var provenanceFiles = listed.Select(e => e.Name).Where(n => n.EndsWith(ReleaseSigner.ProvenanceSuffix, StringComparison.Ordinal)).ToList();
        if (provenanceFiles.Count == 0)
        {
            problems.Add($"no provenance (*{ReleaseSigner.ProvenanceSuffix}) is listed in {Sha256Sums.FileName}");
            return;
        }
        var subjects = new Dictionary<string, string>(StringComparer.Ordinal);
        var allOpened = true;
        foreach (var name in provenanceFiles)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) continue; // already reported as missing
            try
            {
                MinisignSignature.Load(path + ".minisig").Verify(publicKey, path, name + ".minisig");
                foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
                    foreach (var subject in ProvenanceStatement.Subjects(DsseEnvelope.Open(line, publicKey, name), name))
                        subjects[subject.Name] = subject.Sha256;
            }
            catch (VerificationFailure e)
            {
                problems.Add(e.Message);
                allOpened = false;
            }
        }
        foreach (var (name, digest) in subjects)
        {
            if (!actual.TryGetValue(name, out var fileDigest))
                problems.Add($"{name}: a provenance subject (sha256 {digest}) that is not in the release");
            else if (fileDigest != digest)
                problems.Add($"{name}: sha256 is {fileDigest}, the provenance says {digest}");
        }
        // Without every statement, "not a subject" would be said of every file: the real problem is already reported.
        if (!allOpened) return;
        foreach (var entry in listed.Where(e => !ReleaseSigner.IsSignOutput(e.Name) && !subjects.ContainsKey(e.Name)))
            problems.Add($"{entry.Name}: not a subject of the provenance");
    }
}

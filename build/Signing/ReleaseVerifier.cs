using Serilog;

namespace OpenH264Build.Signing;

/// <summary>What a verified release says about itself.</summary>
public sealed record VerifiedRelease(int FileCount, string TrustedCommentText, TrustedComment? TrustedComment);

/// <summary>
/// Checks a downloaded release folder as a fleet host would, trusting only the release public key:
/// SHA256SUMS.minisig over SHA256SUMS, every listed file's sha256, nothing unlisted, and the provenance
/// (its signature, and its subjects against the files). All problems are collected, each naming the file and,
/// for a digest, both values; then one failure says how many and what they are.
/// </summary>
public sealed class ReleaseVerifier(MinisignPublicKey publicKey)
{
    public VerifiedRelease Verify(string folder)
    {
        if (!Directory.Exists(folder)) throw new VerificationFailure($"{folder} does not exist");
        var sumsPath = Path.Combine(folder, Sha256Sums.FileName);
        if (!File.Exists(sumsPath)) throw new VerificationFailure($"{Sha256Sums.FileName} is missing from {folder}");

        // Nothing in SHA256SUMS can be trusted before its signature is checked, so this failure stops everything.
        var signature = MinisignSignature.Load(Path.Combine(folder, ReleaseSigner.SignatureFileName));
        signature.Verify(publicKey, sumsPath, ReleaseSigner.SignatureFileName);

        var problems = new List<string>();
        var listed = Sha256Sums.Parse(File.ReadAllText(sumsPath), Sha256Sums.FileName);
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
            foreach (var problem in problems) Log.Error("Verify: {Problem}", problem);
            throw new VerificationFailure($"{problems.Count} problem(s) in {folder}: {string.Join("; ", problems)}");
        }

        var comment = TrustedComment.TryParse(signature.TrustedComment);
        Log.Information("Verified {Count} files of {Folder} with key {KeyId}; trusted comment: {Comment}",
            listed.Count, folder, publicKey.KeyIdText, signature.TrustedComment);
        if (comment?.Development == true)
            Log.Warning("This release is signed with a development key: it is a local build, not a release");
        return new VerifiedRelease(listed.Count, signature.TrustedComment, comment);
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

using OpenH264Build.Formats;
using OpenH264Build.Signing;

namespace OpenH264Build.Dist;

/// <summary>The files against SHA256SUMS and the provenance: each listed once, present with its digest, nothing
/// unlisted.</summary>
public sealed partial class DistVerifier
{
    /// <summary>Every problem with the files is collected and logged, then one failure says how many and what they
    /// are.</summary>
    private int RefuseFileProblems(DistFolder dist, string folder, MinisignPublicKey publicKey, DistExpectations expect)
    {
        if (dist.ChecksumsProblem is not null) throw Refuse(expect, Wrap(expect, publicKey, dist.ChecksumsProblem));
        RefuseDuplicates(dist, expect, publicKey);
        var problems = FileProblems(dist, expect, publicKey, out var fileCount);
        if (problems.Count > 0)
        {
            foreach (var problem in problems) _log.Error("Verify: {Problem}", problem);
            throw Refuse(expect,
                Wrap(expect, publicKey, $"{problems.Count} problem(s) in {folder}: {string.Join("; ", problems)}"));
        }
        return fileCount;
    }

    /// <summary>A name listed twice could pair one file with two digests; sha256sum would check both, a reader
    /// one.</summary>
    private static void RefuseDuplicates(DistFolder dist, DistExpectations expect, MinisignPublicKey key)
    {
        var twice = dist.Checksums.GroupBy(e => Normalize(e.Name),
            StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw Refuse(expect,
                Wrap(expect,
                    key, $"{DistFolder.ChecksumsFile} lists {twice.Key} {twice.Count()} times: a release lists " +
                        $"each file once"));
    }

    /// <summary>Each listed file present with its listed sha256, nothing unlisted, and the provenance signed and naming
    /// exactly the files.</summary>
    private List<string> FileProblems(DistFolder dist, DistExpectations expect, MinisignPublicKey key,
        out int listedCount)
    {
        var problems = ListedFileProblems(dist, expect.Use, out var actual);
        var listedNames = dist.Checksums.Select(e => Normalize(e.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in dist.Files.Where(f =>
            f.Name is not DistFolder.ChecksumsFile and not DistFolder.SignatureFile && !listedNames.Contains(f.Name)))
            problems.Add($"{file.Name}: not listed in {DistFolder.ChecksumsFile} (sha256 {file.Sha256})");
        CheckProvenance(dist, key, actual, problems);
        listedCount = dist.Checksums.Count;
        return problems;
    }

    /// <summary>Each name SHA256SUMS lists: inside the folder, present, and with the listed sha256.</summary>
    private static List<string> ListedFileProblems(DistFolder dist, DistUse use, out Dictionary<string, string> actual)
    {
        var problems = new List<string>();
        actual = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in dist.Checksums)
        {
            var file = dist.File(Normalize(entry.Name));
            if (entry.Name.Split('/').Contains("..") || Path.IsPathRooted(entry.Name))
                problems.Add($"{entry.Name}: a name in {DistFolder.ChecksumsFile} that points outside the folder");
            else if (file is null)
                problems.Add(use == DistUse.Publish
                    ? $"{DistFolder.ChecksumsFile} lists {entry.Name}, which is not in the dist"
                    : $"{entry.Name}: missing (SHA256SUMS says sha256 {entry.Sha256})");
            else
            {
                actual[entry.Name] = file.Sha256;
                if (file.Sha256 != entry.Sha256)
                    problems.Add(use == DistUse.Publish
                        ? $"{entry.Name} does not match its line in {DistFolder.ChecksumsFile}: the dist changed " +
                            $"after it was signed (sha256 is {file.Sha256}, SHA256SUMS says {entry.Sha256})"
                        : $"{entry.Name}: sha256 is {file.Sha256}, SHA256SUMS says {entry.Sha256}");
            }
        }
        return problems;
    }

    /// <summary>Each provenance file is signed, and its subjects are exactly the release's other files, with their
    /// digests.</summary>
    private static void CheckProvenance(DistFolder dist, MinisignPublicKey key,
        IReadOnlyDictionary<string, string> actual, List<string> problems)
    {
        var provenanceFiles = dist.Checksums.Select(e => e.Name)
            .Where(n => n.EndsWith(DistFolder.ProvenanceSuffix, StringComparison.Ordinal)).ToList();
        if (provenanceFiles.Count == 0)
        {
            problems.Add($"no provenance (*{DistFolder.ProvenanceSuffix}) is listed in {DistFolder.ChecksumsFile}");
            return;
        }
        var subjects = new Dictionary<string, string>(StringComparer.Ordinal);
        var allOpened = true;
        foreach (var name in provenanceFiles)
        {
            if (dist.File(Normalize(name)) is not { } file) continue; // already reported as missing
            try
            {
                MinisignSignature.Load(file.Path + ".minisig").Verify(key, file.Path, name + ".minisig");
                foreach (var line in File.ReadLines(file.Path).Where(l => l.Trim().Length > 0))
                    foreach (var subject in ProvenanceStatement.Subjects(DsseEnvelope.Open(line, key, name), name))
                        subjects[subject.Name] = subject.Sha256;
            }
            catch (VerificationFailure e)
            {
                problems.Add(e.Message);
                allOpened = false;
            }
        }
        CompareSubjects(subjects, actual, problems);
        // Without every statement, "not a subject" would be said of every file: the real problem is already reported.
        if (!allOpened) return;
        foreach (var entry in dist.Checksums.Where(e => !ReleaseSigner.IsSignOutput(e.Name)
            && !subjects.ContainsKey(e.Name)))
            problems.Add($"{entry.Name}: not a subject of the provenance");
    }

    /// <summary>Each subject of the provenance is a file of the release, with the digest the provenance
    /// names.</summary>
    private static void CompareSubjects(IReadOnlyDictionary<string, string> subjects,
        IReadOnlyDictionary<string, string> actual, List<string> problems)
    {
        foreach (var (name, digest) in subjects)
        {
            if (!actual.TryGetValue(name, out var fileDigest))
                problems.Add($"{name}: a provenance subject (sha256 {digest}) that is not in the release");
            else if (fileDigest != digest)
                problems.Add($"{name}: sha256 is {fileDigest}, the provenance says {digest}");
        }
    }
}

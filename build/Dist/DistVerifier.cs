using System.Text.RegularExpressions;
using OpenH264Build.Engine;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build.Distribution;

/// <summary>Who asks: the same checks, each refusal worded for what the asker was doing.</summary>
public enum DistUse
{
    /// <summary><c>./build.sh Verify</c>, as a fleet host checks a download.</summary>
    Verify,
    /// <summary>Publish, before anything is written to GitHub.</summary>
    Publish,
    /// <summary>Rollout, before the fleet trusts the release's manifest and key.</summary>
    Rollout,
    /// <summary>The end of a run: is the staged dist complete (a check of the run's own output)?</summary>
    Completeness,
}

/// <summary>The verdicts a dist needs: passing ABI and compatibility verdicts of each library's exact bits.</summary>
/// <param name="RequireSoak">A release also needs the compatibility run to have included the soak.</param>
/// <param name="RequireLibraries">A dist without any library package is a problem too.</param>
public sealed record VerdictRequirement(bool RequireSoak = false, bool RequireLibraries = true);

/// <summary>What the asker expects of the dist, held against the signed trusted comment and the reports.</summary>
public sealed record DistExpectations
{
    public DistUse Use { get; init; } = DistUse.Verify;

    /// <summary>Check the trusted comment (one this pipeline writes, its key kind, version and commit); false checks the files and signatures only.</summary>
    public bool CheckTrustedComment { get; init; } = true;

    /// <summary>The version expected ("v" prefix allowed): any other, an older release too, is refused.</summary>
    public string? Version { get; init; }

    /// <summary>The commit the dist must have been built from, and the tag that names it.</summary>
    public string? Commit { get; init; }
    public string? Tag { get; init; }

    /// <summary>Accept a dist signed with a development key (a local build).</summary>
    public bool AllowDevelopment { get; init; }

    /// <summary>The verdicts required; null requires none.</summary>
    public VerdictRequirement? Verdicts { get; init; }

    /// <summary>The file the public key came from, for messages.</summary>
    public string? KeyFileName { get; init; }

    /// <summary>Files and signatures only: what the rollout and a plain check ask.</summary>
    public static DistExpectations FilesAndSignatures(DistUse use = DistUse.Verify) => new() { Use = use, CheckTrustedComment = false };
}

/// <summary>A dist that checked out, and what its signed trusted comment says.</summary>
public sealed record VerifiedDist(Dist Dist, int FileCount, string TrustedCommentText, TrustedComment? TrustedComment);

public enum SignatureCheckState { Verified, NotVerified, Invalid, Unsigned }

/// <summary>What the report page shows of a dist's signature: checked with the keys the dist ships, never refused.</summary>
public sealed record SignatureCheck(SignatureCheckState State, string Detail, KeyKind KeyKind = KeyKind.Unknown);

/// <summary>
/// The one verifier of a dist, for Sign (its release-worthiness check), Verify, Publish, the report page and Rollout:
/// SHA256SUMS.minisig over SHA256SUMS with the given public key, every listed file's sha256, nothing unlisted, no
/// symbolic link, no file listed twice, the provenance (its signature, its subjects against the files), the trusted
/// comment (ours, the expected version and commit, a development key refused unless allowed), and each library's
/// verdicts bound to its exact bits. Problems with the files are collected, each naming the file and, for a digest,
/// both values; then one failure says how many and what they are.
/// </summary>
public sealed partial class DistVerifier(ILogger? logger = null)
{
    private readonly ILogger _log = logger ?? Log.Logger;

    public VerifiedDist Verify(string folder, MinisignPublicKey publicKey, DistExpectations? expectations = null)
    {
        var expect = expectations ?? DistExpectations.FilesAndSignatures();
        var publish = expect.Use == DistUse.Publish;
        if (!Directory.Exists(folder))
            throw Refuse(expect, publish ? "the dist folder is missing or empty: build, check and sign first (artifacts/dist)" : $"{folder} does not exist");
        var dist = Dist.Open(folder);
        if (publish && dist.Files.Count == 0 && dist.Links.Count == 0)
            throw Refuse(expect, "the dist folder is missing or empty: build, check and sign first (artifacts/dist)");
        // A link could make a listed name read any file of the host: none is followed, each is refused.
        if (dist.Links.Count > 0)
            throw Refuse(expect, Wrap(expect, publicKey, $"{dist.Links[0]} is a symbolic link: a release folder holds regular files only"));
        if (!dist.HasChecksums)
            throw Refuse(expect, publish ? $"the dist has no {Dist.ChecksumsFile}: it was not signed" : $"{Dist.ChecksumsFile} is missing from {folder}");
        var signature = dist.Signature
            ?? throw Refuse(expect, publish ? $"the dist has no {Dist.SignatureFile}: it was not signed" : $"{Dist.SignatureFile} is missing");
        if (signature.Parsed is null) throw Refuse(expect, Wrap(expect, publicKey, signature.Problem!));

        // Nothing in SHA256SUMS can be trusted before its signature is checked, so a failure here stops everything.
        var signatureFailure = Try(() => signature.Parsed.Verify(publicKey, dist.PathOf(Dist.ChecksumsFile), Dist.SignatureFile));
        var comment = signature.Comment;
        if (expect.CheckTrustedComment)
        {
            // The one refusal of a development key. It holds whether or not the signature checked out: a development
            // key's signature cannot check out with the release key, and the comment it claims says why, plainly.
            if (comment is { Development: true } && !expect.AllowDevelopment)
                throw Refuse(expect, publish
                    ? $"the dist is signed with a development key (trusted comment: '{signature.TrustedCommentText}'): sign it with the release key before publishing"
                    : $"version {comment.Version} is signed with a development key, a local build that must not be deployed (--allow-development accepts it)");
        }
        if (signatureFailure is not null) throw Refuse(expect, Wrap(expect, publicKey, signatureFailure.Message));
        if (expect.CheckTrustedComment) CheckTrustedComment(signature, expect);

        if (dist.ChecksumsProblem is not null) throw Refuse(expect, Wrap(expect, publicKey, dist.ChecksumsProblem));
        RefuseDuplicates(dist, expect, publicKey);
        var problems = FileProblems(dist, expect, publicKey, out var fileCount);
        if (problems.Count > 0)
        {
            foreach (var problem in problems) _log.Error("Verify: {Problem}", problem);
            throw Refuse(expect, Wrap(expect, publicKey, $"{problems.Count} problem(s) in {folder}: {string.Join("; ", problems)}"));
        }

        if (expect.Verdicts is { } required)
        {
            var unbound = VerdictProblems(dist, required);
            if (unbound.Count > 0)
                throw Refuse(expect, expect.Use switch
                {
                    DistUse.Publish => $"the dist is not proven for release: {string.Join("; ", unbound)} (run the whole pipeline, Compat with its soak included, on the tagged commit)",
                    DistUse.Completeness => string.Join("; ", unbound),
                    _ => $"{unbound.Count} library verdict problem(s): {string.Join("; ", unbound)} (run Abi and Compat on this library, then Sign)",
                });
        }

        _log.Information("Verified {Count} files of {Folder} with key {KeyId}; trusted comment: {Comment}",
            fileCount, folder, publicKey.KeyIdText, signature.TrustedCommentText);
        if (comment?.Development == true)
            _log.Warning("This release is signed with a development key: it is a local build, not a release");
        return new VerifiedDist(dist, fileCount, signature.TrustedCommentText, comment);
    }

    /// <summary>
    /// Sign's check before the release key signs: a release version (from a tag), and every library in the dist with
    /// passing ABI and compatibility verdicts of its exact bits. Anything less is signed with the development key.
    /// </summary>
    public void EnsureReleaseWorthy(string distDirectory, string version)
    {
        if (!ReleaseVersionPattern().IsMatch(version))
            throw new SigningFailure($"the release key signs only a release version (<upstream>-<n>, from a v<upstream>-<n> tag on HEAD); {version} is a development version");
        if (!Directory.Exists(distDirectory)) return; // Sign itself says there is nothing to sign
        var problems = VerdictProblems(Dist.Open(distDirectory), new VerdictRequirement(RequireSoak: false, RequireLibraries: false));
        if (problems.Count > 0)
            throw new SigningFailure($"the release key signs only proven libraries: {string.Join("; ", problems)} (run Abi and Compat with Sign)");
    }

    /// <summary>
    /// The report page's view: whether SHA256SUMS is signed, and verified by a public key shipped in the dist, and
    /// whether the files it lists are the ones in the dist. Never throws for a bad dist: it says what is wrong.
    /// </summary>
    public SignatureCheck CheckSignature(Dist dist)
    {
        if (!dist.HasChecksums) return new SignatureCheck(SignatureCheckState.Unsigned, $"no {Dist.ChecksumsFile} in the dist");
        if (dist.Signature is not { } signature)
            return new SignatureCheck(SignatureCheckState.Unsigned, $"{Dist.ChecksumsFile} is not signed (no {Dist.SignatureFile})");
        if (dist.PublicKeys.Count == 0)
            return new SignatureCheck(SignatureCheckState.NotVerified, $"{Dist.SignatureFile} is present; no public key (*.pub) in the dist to verify it with", signature.KeyKind);
        if (signature.Parsed is null) return new SignatureCheck(SignatureCheckState.Invalid, $"{Dist.SignatureFile} does not verify: {signature.Problem}");

        var failures = new List<string>();
        foreach (var key in dist.PublicKeys)
        {
            var failure = Try(() => signature.Parsed.Verify(MinisignPublicKey.Parse(File.ReadAllText(key.Path), key.Name), dist.PathOf(Dist.ChecksumsFile), Dist.SignatureFile));
            if (failure is not null) { failures.Add($"{key.Name}: {failure.Message}"); continue; }
            List<string> changed = dist.ChecksumsProblem is { } unreadable ? [unreadable] : ListedFileProblems(dist, DistUse.Verify, out _);
            if (changed.Count > 0)
                return new SignatureCheck(SignatureCheckState.Invalid, $"{Dist.SignatureFile} verified with {key.Name}, but the files do not match {Dist.ChecksumsFile}: {string.Join("; ", changed)}", signature.KeyKind);
            return new SignatureCheck(SignatureCheckState.Verified, $"{Dist.SignatureFile} verified with {key.Name} (Trusted comment: {signature.TrustedCommentText})", signature.KeyKind);
        }
        return new SignatureCheck(SignatureCheckState.Invalid, $"{Dist.SignatureFile} does not verify: {string.Join("; ", failures)}");
    }

    /// <summary>
    /// A verdict counts only for the bits it judged: every library package of the dist needs a passing ABI and
    /// compatibility verdict (<c>abi-&lt;arch&gt;.json</c>, <c>compat-&lt;arch&gt;.json</c> in the same dist) whose
    /// <c>candidateSha256</c> is exactly the sha256 of the library in that package, whatever targets ran or were skipped.
    /// </summary>
    public IReadOnlyList<string> VerdictProblems(Dist dist, VerdictRequirement required)
    {
        var problems = new List<string>();
        var libraries = dist.Libraries;
        if (required.RequireLibraries && libraries.Count == 0)
            problems.Add("the dist has no library package (openh264-<version>-linux-<arch>.tar.gz)");
        foreach (var unreadable in dist.Reports.Where(r => r.Verdict is null))
            _log.Warning("{Report}: {Problem}; left out", unreadable.FileName, unreadable.Problem);
        var verdicts = dist.Verdicts;
        foreach (var library in libraries)
        foreach (var kind in VerdictReport.Kinds)
        {
            var verdict = verdicts.FirstOrDefault(v => v.Kind == kind && v.Arch == library.Arch);
            var problem = verdict switch
            {
                null => $"{library.PackageName}: no {kind} verdict ({kind}-{library.Arch}.json) is in the dist",
                { CandidateSha256: null } => $"{verdict.FileName} names no candidateSha256: it is bound to no library",
                _ when verdict.CandidateSha256 != library.Sha256 =>
                    $"{verdict.FileName} judged the library with sha256 {verdict.CandidateSha256}, but {library.PackageName} holds {library.Sha256}",
                { Verdict: not "pass" } => $"{verdict.FileName}: the verdict is '{verdict.Verdict}', not 'pass'",
                { Kind: "compat", SoakIncluded: false } when required.RequireSoak =>
                    $"{verdict.FileName}: the soak was not part of the check (soak.included is not true); a release needs a full Compat run",
                _ => null,
            };
            if (problem is not null) problems.Add(problem);
        }
        return problems;
    }

    /// <summary>The trusted comment is covered by the signature just checked, so what it says can be held against the asker's wishes.</summary>
    private static void CheckTrustedComment(DistSignature signature, DistExpectations expect)
    {
        var publish = expect.Use == DistUse.Publish;
        var text = signature.TrustedCommentText;
        var comment = signature.Comment
            ?? throw Refuse(expect, publish
                ? $"the dist's signature carries a trusted comment this pipeline does not write ('{text}'): sign it with ./build.sh Sign"
                : $"the signature's trusted comment is not one this pipeline writes ('{text}')");
        if (expect.Version is { } expected && comment.Version != expected.TrimStart('v'))
            throw Refuse(expect, publish
                ? $"the dist is version {comment.Version}, but the release is {expected.TrimStart('v')}: build and sign the tagged commit"
                : $"the release is version {comment.Version}, but version {expected.TrimStart('v')} is expected: refusing another (or an older) release");
        if (expect.Commit is { } commit && !string.Equals(comment.Commit, commit, StringComparison.OrdinalIgnoreCase))
            throw Refuse(expect, $"the dist was built from commit {Short(comment.Commit)}, but {expect.Tag ?? "the release"} is commit {Short(commit)}: build and sign the tagged commit");
    }

    /// <summary>A name listed twice could pair one file with two digests; sha256sum would check both, a reader one.</summary>
    private static void RefuseDuplicates(Dist dist, DistExpectations expect, MinisignPublicKey key)
    {
        var twice = dist.Checksums.GroupBy(e => Normalize(e.Name), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw Refuse(expect, Wrap(expect, key, $"{Dist.ChecksumsFile} lists {twice.Key} {twice.Count()} times: a release lists each file once"));
    }

    /// <summary>Each listed file present with its listed sha256, nothing unlisted, and the provenance signed and naming exactly the files.</summary>
    private List<string> FileProblems(Dist dist, DistExpectations expect, MinisignPublicKey key, out int listedCount)
    {
        var problems = ListedFileProblems(dist, expect.Use, out var actual);
        var listedNames = dist.Checksums.Select(e => Normalize(e.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in dist.Files.Where(f => f.Name is not Dist.ChecksumsFile and not Dist.SignatureFile && !listedNames.Contains(f.Name)))
            problems.Add($"{file.Name}: not listed in {Dist.ChecksumsFile} (sha256 {file.Sha256})");
        CheckProvenance(dist, key, actual, problems);
        listedCount = dist.Checksums.Count;
        return problems;
    }

    /// <summary>Each name SHA256SUMS lists: inside the folder, present, and with the listed sha256.</summary>
    private static List<string> ListedFileProblems(Dist dist, DistUse use, out Dictionary<string, string> actual)
    {
        var problems = new List<string>();
        actual = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in dist.Checksums)
        {
            var file = dist.File(Normalize(entry.Name));
            if (entry.Name.Split('/').Contains("..") || Path.IsPathRooted(entry.Name))
                problems.Add($"{entry.Name}: a name in {Dist.ChecksumsFile} that points outside the folder");
            else if (file is null)
                problems.Add(use == DistUse.Publish
                    ? $"{Dist.ChecksumsFile} lists {entry.Name}, which is not in the dist"
                    : $"{entry.Name}: missing (SHA256SUMS says sha256 {entry.Sha256})");
            else
            {
                actual[entry.Name] = file.Sha256;
                if (file.Sha256 != entry.Sha256)
                    problems.Add(use == DistUse.Publish
                        ? $"{entry.Name} does not match its line in {Dist.ChecksumsFile}: the dist changed after it was signed (sha256 is {file.Sha256}, SHA256SUMS says {entry.Sha256})"
                        : $"{entry.Name}: sha256 is {file.Sha256}, SHA256SUMS says {entry.Sha256}");
            }
        }
        return problems;
    }

    /// <summary>Each provenance file is signed, and its subjects are exactly the release's other files, with their digests.</summary>
    private static void CheckProvenance(Dist dist, MinisignPublicKey key, IReadOnlyDictionary<string, string> actual, List<string> problems)
    {
        var provenanceFiles = dist.Checksums.Select(e => e.Name).Where(n => n.EndsWith(Dist.ProvenanceSuffix, StringComparison.Ordinal)).ToList();
        if (provenanceFiles.Count == 0)
        {
            problems.Add($"no provenance (*{Dist.ProvenanceSuffix}) is listed in {Dist.ChecksumsFile}");
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
        foreach (var (name, digest) in subjects)
        {
            if (!actual.TryGetValue(name, out var fileDigest))
                problems.Add($"{name}: a provenance subject (sha256 {digest}) that is not in the release");
            else if (fileDigest != digest)
                problems.Add($"{name}: sha256 is {fileDigest}, the provenance says {digest}");
        }
        // Without every statement, "not a subject" would be said of every file: the real problem is already reported.
        if (!allOpened) return;
        foreach (var entry in dist.Checksums.Where(e => !ReleaseSigner.IsSignOutput(e.Name) && !subjects.ContainsKey(e.Name)))
            problems.Add($"{entry.Name}: not a subject of the provenance");
    }

    /// <summary>Publish names the key a dist failed to check out with; the other askers give the problem itself.</summary>
    private static string Wrap(DistExpectations expect, MinisignPublicKey key, string problem) =>
        expect.Use == DistUse.Publish
            ? $"the dist does not check out with the release key {key.KeyIdText}{(expect.KeyFileName is { } file ? $" ({file})" : "")}: {problem}"
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

    [GeneratedRegex(@"^\d+\.\d+\.\d+-[1-9]\d*$")]
    private static partial Regex ReleaseVersionPattern();
}

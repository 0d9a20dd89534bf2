using System.Text.RegularExpressions;
using OpenH264Build.Formats;
using OpenH264Build.Signing;

namespace OpenH264Build.Dist;

/// <summary>One regular file of a dist: its name relative to the dist (with '/'), where it is, its size and
/// sha256.</summary>
public sealed record DistFile(string Name, string Path, long Size, string Sha256)
{
    /// <summary>A file read on its own (its name is its file name).</summary>
    public static DistFile Read(string path) => Read(path, System.IO.Path.GetFileName(path));

    public static DistFile Read(string path, string name) => new(name, path, new FileInfo(path).Length,
        Sha256Sums.Digest(path));
}

/// <summary>Which kind of key the signature's trusted comment names (<c>key=release</c>,
/// <c>key=development</c>).</summary>
public enum KeyKind { Unknown, Release, Development }

/// <summary>
/// <c>SHA256SUMS.minisig</c> as read (not yet verified: see <see cref="DistVerifier"/>): the signature, its trusted
/// comment and what the comment says (version, commit, key kind), or why it could not be read.
/// </summary>
public sealed partial record DistSignature(MinisignSignature? Parsed, string? Problem)
{
    public string TrustedCommentText => Parsed?.TrustedComment ?? "";

    /// <summary>The comment as this pipeline writes it; null for any other text.</summary>
    public TrustedComment? Comment => Parsed is null ? null : TrustedComment.TryParse(Parsed.TrustedComment);

    public KeyKind KeyKind => KeyKindOf(TrustedCommentText);

    /// <summary>The kind of key a trusted comment names, also in a comment this pipeline did not write.</summary>
    public static KeyKind KeyKindOf(string? trustedComment) => KeyPattern().Match(trustedComment
        ?? "").Groups[1].Value switch
    {
        "release" => KeyKind.Release,
        "development" => KeyKind.Development,
        _ => KeyKind.Unknown,
    };

    [GeneratedRegex(@"\bkey=(\w+)")]
    private static partial Regex KeyPattern();
}

/// <summary>
/// The release folder ("the dist"), read once: every regular file (name, size, sha256), every symbolic link (named,
/// never followed), the parsed <c>SHA256SUMS</c>, the signature and its trusted comment, the provenance files, the
/// ABI and compatibility reports, and the library packages. Opening judges nothing: <see cref="DistVerifier"/> does.
/// </summary>
public sealed class DistFolder
{
    public const string ChecksumsFile = Sha256Sums.FileName;
    public const string SignatureFile = ReleaseSigner.SignatureFileName;
    public const string PublicKeyFileName = ReleaseSigner.PublicKeyFileName;
    public const string ProvenanceSuffix = ReleaseSigner.ProvenanceSuffix;

    public string Folder { get; init; } = "";

    /// <summary>Regular files, in name order (links are not among them).</summary>
    public IReadOnlyList<DistFile> Files { get; init; } = [];

    /// <summary>Symbolic links anywhere in the folder, by relative name; their targets are never read.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>The lines of SHA256SUMS, in file order; empty when there is none or it does not parse.</summary>
    public IReadOnlyList<FileDigest> Checksums { get; init; } = [];
    public bool HasChecksums { get; init; }
    /// <summary>Why SHA256SUMS does not parse (its line), or null.</summary>
    public string? ChecksumsProblem { get; init; }

    /// <summary>SHA256SUMS.minisig, or null when there is none.</summary>
    public DistSignature? Signature { get; init; }

    /// <summary>Every ABI and compatibility report in the dist, readable or not.</summary>
    public IReadOnlyList<VerdictReport> Reports { get; init; } = [];

    /// <summary>The reports that give a verdict.</summary>
    public IReadOnlyList<VerdictReport> Verdicts => Reports.Where(r => r.Verdict is not null).ToList();

    /// <summary>The provenance files (*.intoto.jsonl).</summary>
    public IReadOnlyList<DistFile> Provenance => Files.Where(f => f.Name.EndsWith(ProvenanceSuffix,
        StringComparison.Ordinal)).ToList();

    /// <summary>The public keys shipped at the top of the dist (*.pub).</summary>
    public IReadOnlyList<DistFile> PublicKeys => Files.Where(f => !f.Name.Contains('/')
        && f.Name.EndsWith(".pub", StringComparison.Ordinal)).ToList();

    /// <summary>The release public key's copy in the dist (openh264.pub), when there is one.</summary>
    public string? PublicKeyFile => File(PublicKeyFileName) is null ? null : PublicKeyFileName;

    public string TrustedCommentText => Signature?.TrustedCommentText ?? "";

    /// <summary>The version the (unverified) trusted comment names.</summary>
    public string? Version => Signature?.Comment?.Version;

    public KeyKind KeyKind => Signature?.KeyKind ?? KeyKind.Unknown;

    private IReadOnlyList<PackagedLibrary>? _libraries;

    /// <summary>Each library package (openh264-&lt;version&gt;-linux-&lt;arch&gt;.tar.gz) with the sha256 of the
    /// library inside.</summary>
    public IReadOnlyList<PackagedLibrary> Libraries => _libraries ??= PackagedLibrary.FindAll(Folder);

    public DistFile? File(string name) => Files.FirstOrDefault(f => f.Name == name);

    public string PathOf(string name) => Path.Combine(Folder, name);

    public static DistFolder Open(string folder)
    {
        if (!Directory.Exists(folder)) throw new VerificationFailure($"{folder} does not exist");
        var files = new List<DistFile>();
        var links = new List<string>();
        Walk(folder, folder, files, links);
        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        links.Sort(StringComparer.Ordinal);

        var sums = files.FirstOrDefault(f => f.Name == ChecksumsFile);
        IReadOnlyList<FileDigest> checksums = [];
        string? problem = null;
        if (sums is not null)
        {
            try { checksums = Sha256Sums.Parse(System.IO.File.ReadAllText(sums.Path), ChecksumsFile); }
            catch (VerificationFailure e) { problem = e.Message; }
        }
        DistSignature? signature = null;
        if (files.FirstOrDefault(f => f.Name == SignatureFile) is { } signatureFile)
        {
            try { signature = new DistSignature(MinisignSignature.Load(signatureFile.Path), null); }
            catch (VerificationFailure e) { signature = new DistSignature(null, e.Message); }
        }
        var reports = VerdictReport.Kinds
            .SelectMany(kind => files.Where(f => !f.Name.Contains('/')
                && f.Name.StartsWith(kind + "-", StringComparison.Ordinal)
                    && f.Name.EndsWith(".json", StringComparison.Ordinal))
                .Select(f => VerdictReport.Read(kind, f.Path)))
            .ToList();
        return new DistFolder
        {
            Folder = folder, Files = files, Links = links, Checksums = checksums, HasChecksums = sums is not null,
            ChecksumsProblem = problem, Signature = signature, Reports = reports,
        };
    }

    /// <summary>Lists a folder without following any link: a link is recorded, never entered or read.</summary>
    private static void Walk(string root, string folder, List<DistFile> files, List<string> links)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*",
            new EnumerationOptions { AttributesToSkip = 0 }))
        {
            var name = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) links.Add(name);
            else if (info.Attributes.HasFlag(FileAttributes.Directory)) Walk(root, path, files, links);
            else files.Add(DistFile.Read(path, name));
        }
    }
}

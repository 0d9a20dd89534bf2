using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build.Publishing;

/// <summary>
/// The finished dist, checked before anything is published: every file read once (size, sha256),
/// <c>SHA256SUMS</c> agreeing with the files, and a minisign signature present. Whose key made it (the release
/// key, not a development key) is decided once, on the verified trusted comment, by <see cref="PublishRun"/>.
/// </summary>
public sealed class DistInspection
{
    public const string ChecksumsFile = "SHA256SUMS";
    public const string SignatureFile = "SHA256SUMS.minisig";

    public required IReadOnlyList<DistFile> Files { get; init; }

    /// <summary>The lines of SHA256SUMS: file name and sha256, in file order.</summary>
    public required IReadOnlyList<(string Name, string Sha256)> Checksums { get; init; }

    public required string TrustedComment { get; init; }

    /// <summary>The minisign public key shipped in the dist that verified the signature, if one did.</summary>
    public string? PublicKeyFile { get; init; }

    public static async Task<DistInspection> Inspect(string distDirectory, ILogger log, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(distDirectory) || !Directory.EnumerateFiles(distDirectory, "*", SearchOption.AllDirectories).Any())
            throw new BuildFailure("the dist folder is missing or empty: build, check and sign first (artifacts/dist)");

        var files = Directory.EnumerateFiles(distDirectory, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(DistFile.Read).ToList();
        // Release assets have flat names: two files of the same name in different folders cannot both be uploaded.
        var clash = files.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new BuildFailure($"the dist has two files named {clash.Key}: release assets need unique names");

        var sums = files.FirstOrDefault(f => f.Name == ChecksumsFile)
            ?? throw new BuildFailure($"the dist has no {ChecksumsFile}: it was not signed");
        var signature = files.FirstOrDefault(f => f.Name == SignatureFile)
            ?? throw new BuildFailure($"the dist has no {SignatureFile}: it was not signed");

        var trusted = File.ReadLines(signature.Path).FirstOrDefault(l => l.StartsWith("trusted comment:", StringComparison.Ordinal))?["trusted comment:".Length..].Trim()
            ?? throw new BuildFailure($"{SignatureFile} has no trusted comment: not a minisign signature");

        var checksums = ParseChecksums(sums.Path);
        foreach (var (name, sha) in checksums)
        {
            var file = files.FirstOrDefault(f => f.Name == name)
                ?? throw new BuildFailure($"{ChecksumsFile} lists {name}, which is not in the dist");
            if (!string.Equals(file.Sha256, sha, StringComparison.OrdinalIgnoreCase))
                throw new BuildFailure($"{name} does not match its line in {ChecksumsFile}: the dist changed after it was signed");
        }
        foreach (var unlisted in files.Where(f => f.Name is not ChecksumsFile and not SignatureFile && checksums.All(c => c.Name != f.Name)))
            log.Warning("{File} is not listed in {Sums}: users cannot verify it", unlisted.Name, ChecksumsFile);

        var publicKey = await VerifySignature(files, sums, signature, cancellationToken);
        if (publicKey is null)
            log.Warning("No minisign public key (*.pub) in the dist verified {Signature}; users will need the key from elsewhere", SignatureFile);

        return new DistInspection { Files = files, Checksums = checksums, TrustedComment = trusted, PublicKeyFile = publicKey };
    }

    private static List<(string Name, string Sha256)> ParseChecksums(string path)
    {
        var result = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            // sha256sum writes "<hash>  <name>" (text mode) or "<hash> *<name>" (binary mode).
            var parts = line.Split(' ', 2);
            if (parts.Length != 2 || parts[0].Length != 64)
                throw new BuildFailure($"{ChecksumsFile} line {lineNumber} is not '<sha256>  <file>'", path, lineNumber);
            result.Add((Path.GetFileName(parts[1].TrimStart(' ', '*')), parts[0].ToLowerInvariant()));
        }
        return result;
    }

    /// <summary>Checks the signature with each public key in the dist, with the stock minisign tool.</summary>
    private static async Task<string?> VerifySignature(IReadOnlyList<DistFile> files, DistFile sums, DistFile signature, CancellationToken cancellationToken)
    {
        var keys = files.Where(f => f.Name.EndsWith(".pub", StringComparison.Ordinal)).ToList();
        foreach (var key in keys)
        {
            var result = await Cli.Wrap("minisign")
                .WithArguments(["-V", "-q", "-m", sums.Path, "-x", signature.Path, "-p", key.Path])
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
            if (result.ExitCode == 0) return key.Name;
        }
        if (keys.Count > 0)
            throw new BuildFailure($"{SignatureFile} does not verify with {string.Join(", ", keys.Select(k => k.Name))} from the dist: the signature or the key is wrong");
        return null;
    }
}

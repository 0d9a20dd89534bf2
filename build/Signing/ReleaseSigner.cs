using System.Text;
using System.Text.RegularExpressions;
using OpenH264Build.Formats;
using Serilog;

namespace OpenH264Build.Signing;

/// <summary>What Sign added to dist.</summary>
public sealed record SignedRelease(IReadOnlyList<FileDigest> Subjects, string ProvenanceFile,
    TrustedComment TrustedComment, string KeyId);

/// <summary>
/// The Sign stage: adds to a dist folder the provenance statement (DSSE envelope, and a minisign signature beside
/// it), the public key, SHA256SUMS over every file, and SHA256SUMS.minisig. Everything is made in a scratch folder
/// first and moved in only when all of it succeeded, so a failure leaves dist as it was.
/// </summary>
public sealed partial class ReleaseSigner(SigningKey signingKey)
{
    public const string SignatureFileName = Sha256Sums.FileName + ".minisig";
    public const string PublicKeyFileName = "openh264.pub";
    public const string ProvenanceSuffix = ".intoto.jsonl";

    public static string ProvenanceFileName(string version) => $"openh264-{version}{ProvenanceSuffix}";

    /// <summary>Whether a dist file is one Sign writes (so it is never a subject, and is replaced on a
    /// re-run).</summary>
    public static bool IsSignOutput(string name) =>
        name is Sha256Sums.FileName or SignatureFileName or PublicKeyFileName ||
        name.EndsWith(ProvenanceSuffix, StringComparison.Ordinal)
            || name.EndsWith(ProvenanceSuffix + ".minisig", StringComparison.Ordinal);

    public SignedRelease Sign(string distDirectory, ProvenanceInputs inputs)
    {
        var subjects = Sha256Sums.Compute(distDirectory, SubjectNames(distDirectory, inputs.Version));
        var comment = new TrustedComment(inputs.Version, inputs.GitCommit, inputs.FinishedOn, signingKey.Development);
        var provenanceName = ProvenanceFileName(inputs.Version);

        var scratch = Path.Combine(Path.GetDirectoryName(
            Path.GetFullPath(distDirectory))!, $".sign-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            WriteOutputs(scratch, subjects, inputs, comment, provenanceName);
            MoveIn(scratch, distDirectory, provenanceName);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        var publicKey = signingKey.Key.PublicKey;
        Log.Information("Signed {Count} files of {Dist} with the {Kind} key {KeyId}: {Comment}",
            subjects.Count, distDirectory, signingKey.Development ? "development" : "release", publicKey.KeyIdText,
                comment.ToString());
        return new SignedRelease(subjects, provenanceName, comment, publicKey.KeyIdText);
    }

    /// <summary>The files Sign signs: all of the dist but an earlier Sign's outputs, refused when there are none or the
    /// version cannot name a file.</summary>
    private static IReadOnlyList<string> SubjectNames(string distDirectory, string version)
    {
        if (!SafeVersion().IsMatch(version))
            throw new SigningFailure(
                $"version '{version}' cannot name a file (letters, digits, '.', '+', '~', '-' only)");
        if (!Directory.Exists(distDirectory))
            throw new SigningFailure($"nothing to sign: {distDirectory} does not exist (run Package first)");
        var subjectNames = Sha256Sums.ListFiles(distDirectory).Where(n => !IsSignOutput(n)).ToList();
        if (subjectNames.Count == 0)
            throw new SigningFailure($"nothing to sign: {distDirectory} has no files (run Package first)");
        return subjectNames;
    }

    /// <summary>The outputs besides SHA256SUMS and its signature: the provenance, its signature and the public
    /// key.</summary>
    private static string[] ProvenanceAndKey(string provenanceName) => [provenanceName, provenanceName + ".minisig",
        PublicKeyFileName];

    /// <summary>In the scratch folder: the provenance and its signature, the public key, then SHA256SUMS over all of
    /// them and the subjects, and its signature.</summary>
    private void WriteOutputs(string scratch, IReadOnlyList<FileDigest> subjects, ProvenanceInputs inputs,
        TrustedComment comment, string provenanceName)
    {
        var key = signingKey.Key;
        var untrusted =
            $"signature from openh264 {(signingKey.Development ? "development" : "release")} key {key.PublicKey
                .KeyIdText}";
        var statement = ProvenanceStatement.Create(subjects, inputs, key.PublicKey, signingKey.Development);
        Write(scratch, provenanceName, DsseEnvelope.Sign(statement, key) + "\n");
        MinisignSignature.Create(key, Path.Combine(scratch, provenanceName), comment.ToString(), untrusted)
            .WriteTo(Path.Combine(scratch, provenanceName + ".minisig"));
        Write(scratch, PublicKeyFileName, key.PublicKey.ToFileText());

        var listed = subjects.Concat(Sha256Sums.Compute(scratch, ProvenanceAndKey(provenanceName)));
        Write(scratch, Sha256Sums.FileName, Sha256Sums.Format(listed));
        MinisignSignature.Create(key, Path.Combine(scratch, Sha256Sums.FileName), comment.ToString(), untrusted)
            .WriteTo(Path.Combine(scratch, SignatureFileName));
    }

    /// <summary>The commit: outputs of an earlier Sign (another version's provenance) go, the new ones move
    /// in.</summary>
    private static void MoveIn(string scratch, string distDirectory, string provenanceName)
    {
        foreach (var stale in Sha256Sums.ListFiles(distDirectory).Where(IsSignOutput))
            File.Delete(Path.Combine(distDirectory, stale));
        foreach (var name in ProvenanceAndKey(provenanceName).Append(Sha256Sums.FileName).Append(SignatureFileName))
            File.Move(Path.Combine(scratch, name), Path.Combine(distDirectory, name), overwrite: true);
    }

    private static void Write(string folder, string name, string text) =>
        File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.+~-]*$")]
    private static partial Regex SafeVersion();
}

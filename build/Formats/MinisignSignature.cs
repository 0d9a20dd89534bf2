using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace OpenH264Build.Formats;

/// <summary>
/// A minisign signature file (<c>.minisig</c>), prehashed form as minisign 0.10+ writes by default:
/// <code>
/// untrusted comment: &lt;anything&gt;
/// base64("ED" + key id (8) + Ed25519 signature of BLAKE2b-512(file))
/// trusted comment: &lt;text&gt;
/// base64(Ed25519 signature of (the signature above + the trusted comment's bytes))
/// </code>
/// The second, "global" signature is what makes the trusted comment trustworthy.
/// </summary>
public sealed record MinisignSignature(string UntrustedComment, byte[] KeyId, byte[] Signature, string TrustedComment,
    byte[] GlobalSignature)
{
    private const string UntrustedPrefix = "untrusted comment: ";
    private const string TrustedPrefix = "trusted comment: ";
    private static readonly byte[] PrehashedAlgorithm = "ED"u8.ToArray();

    /// <summary>Signs the file as <c>minisign -S -t</c> would.</summary>
    public static MinisignSignature Create(MinisignSecretKey key, string file, string trustedComment,
        string untrustedComment)
    {
        if (trustedComment.Contains('\n') || untrustedComment.Contains('\n'))
            throw new ArgumentException("minisign comments are one line");
        var signature = key.Sign(Blake2b512(file));
        var global = key.Sign([.. signature, .. Encoding.UTF8.GetBytes(trustedComment)]);
        return new MinisignSignature(untrustedComment, key.KeyId, signature, trustedComment, global);
    }

    public string ToFileText() =>
        $"{UntrustedPrefix}{UntrustedComment}\n" +
            $"{Convert.ToBase64String([.. PrehashedAlgorithm, .. KeyId, .. Signature])}\n" +
        $"{TrustedPrefix}{TrustedComment}\n{Convert.ToBase64String(GlobalSignature)}\n";

    public void WriteTo(string path) => File.WriteAllText(path, ToFileText(), new UTF8Encoding(false));

    /// <summary>Reads a .minisig; <paramref name="source"/> names it in errors.</summary>
    public static MinisignSignature Parse(string text, string source)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.Length < 4 || !lines[0].StartsWith(UntrustedPrefix, StringComparison.Ordinal)
            || !lines[2].StartsWith(TrustedPrefix, StringComparison.Ordinal))
            throw new VerificationFailure($"{source}: not a minisign signature file", source);
        try
        {
            var first = Convert.FromBase64String(lines[1]);
            var global = Convert.FromBase64String(lines[3]);
            if (first.Length != 2 + MinisignPublicKey.KeyIdLength + 64 || global.Length != 64)
                throw new VerificationFailure($"{source}: not a minisign signature file (wrong length)", source);
            if (!first.AsSpan(0, 2).SequenceEqual(PrehashedAlgorithm))
                throw new VerificationFailure($"{source}: not a prehashed (ED) minisign signature", source);
            return new MinisignSignature(lines[0][UntrustedPrefix.Length..], first[2..10], first[10..],
                lines[2][TrustedPrefix.Length..], global);
        }
        catch (FormatException)
        {
            throw new VerificationFailure($"{source}: not a minisign signature file (not base64)", source);
        }
    }

    public static MinisignSignature Load(string path)
    {
        if (!File.Exists(path)) throw new VerificationFailure($"{Path.GetFileName(path)} is missing", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), Path.GetFileName(path));
    }

    /// <summary>Checks this signature of <paramref name="file"/> as <c>minisign -V</c> does; throws naming what
    /// failed.</summary>
    public void Verify(MinisignPublicKey publicKey, string file, string signatureName)
    {
        if (!KeyId.AsSpan().SequenceEqual(publicKey.KeyId))
            throw new VerificationFailure(
                $"{signatureName}: signed by key {MinisignPublicKey.FormatKeyId(
                    KeyId)}, not by the given public key {publicKey.KeyIdText}", signatureName);
        if (!Ed25519Verify(publicKey.Key, Signature, Blake2b512(file)))
            throw new VerificationFailure($"{signatureName}: signature does not match {Path.GetFileName(file)} (the " +
                $"file or the signature was changed)", signatureName);
        if (!Ed25519Verify(publicKey.Key, GlobalSignature, [.. Signature, .. Encoding.UTF8.GetBytes(TrustedComment)]))
            throw new VerificationFailure($"{signatureName}: the trusted comment's signature does not match (the " +
                $"comment was changed)", signatureName);
    }

    private static bool Ed25519Verify(byte[] publicKey, byte[] signature, byte[] message) =>
        Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Verify(signature, 0, publicKey, 0, message, 0, message.Length);

    private static byte[] Blake2b512(string file)
    {
        var digest = new Blake2bDigest(512);
        using var stream = File.OpenRead(file);
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) digest.BlockUpdate(buffer, 0, read);
        var result = new byte[64];
        digest.DoFinal(result, 0);
        return result;
    }
}

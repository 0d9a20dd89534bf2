using System.Text;
using System.Text.RegularExpressions;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Ci;

/// <summary>
/// Recognises private key material by its format, not by knowing the key: minisign secret keys (the comment line, or
/// the base64 of the secret key structure alone), OpenPGP private keys (armored, or a binary secret-key packet), gpg-agent's
/// key files and their folder <c>private-keys-v1.d</c>, and PEM private keys. Each file is also looked at decoded
/// (gzip, tar members, JSON strings, base64), as <see cref="SecretSearch"/> does for known secrets.
/// </summary>
internal static partial class KeyMaterial
{
    /// <summary>What key material the file holds, one line per finding; empty when none.</summary>
    public static IEnumerable<string> Find(string where, byte[] content)
    {
        if (where.Replace('\\', '/').Contains("private-keys-v1.d/"))
            yield return $"{where}: a file of gpg-agent's private key store (private-keys-v1.d)";
        foreach (var (view, bytes) in SecretSearch.Views(where, content, 0))
            if (Kind(bytes) is { } kind)
                yield return $"{view}: {kind}";
    }

    private static string? Kind(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        if (text.Contains("-----BEGIN PGP PRIVATE KEY BLOCK-----")) return "an armored OpenPGP private key";
        if (PemPrivateKey().IsMatch(text)) return "a PEM private key";
        if (AgentKey().IsMatch(text)) return "a gpg-agent private key";
        if (MinisignComment().IsMatch(text)) return "a minisign secret key";
        if (IsMinisignSecretKey(bytes)) return "the base64-decoded body of a minisign secret key";
        if (IsOpenPgpSecretKeyPacket(bytes)) return "a binary OpenPGP secret key";
        return null;
    }

    /// <summary>sig_alg "Ed", kdf_alg, cksum_alg "B2", salt 32, opslimit 8, memlimit 8, key id 8, key 64, checksum 32.</summary>
    private static bool IsMinisignSecretKey(byte[] bytes) =>
        bytes.Length == 158 && bytes[0] == 'E' && bytes[1] == 'd' && bytes[4] == 'B' && bytes[5] == '2';

    /// <summary>
    /// A whole first packet with tag 5 (secret key) or 7 (secret subkey): its length fits the bytes, a known key
    /// version, a known public-key algorithm. Anything less is met by chance: one line of an armored signature or
    /// public key, decoded alone, starts like a secret-key packet about once in two thousand lines.
    /// </summary>
    private static bool IsOpenPgpSecretKeyPacket(byte[] bytes)
    {
        if (bytes.Length < 12 || (bytes[0] & 0x80) == 0) return false;
        int tag, header;
        long length;
        if ((bytes[0] & 0x40) != 0)
        {
            tag = bytes[0] & 0x3F;
            (header, length) = bytes[1] switch
            {
                < 192 => (2, bytes[1]),
                < 224 => (3, ((bytes[1] - 192) << 8) + bytes[2] + 192),
                255 => (6, (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(2))),
                _ => (0, 0L), // a partial length, which no key packet has
            };
        }
        else
        {
            tag = (bytes[0] >> 2) & 0x0F;
            (header, length) = (bytes[0] & 3) switch
            {
                0 => (2, bytes[1]),
                1 => (3, (bytes[1] << 8) | bytes[2]),
                2 => (5, (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1))),
                _ => (0, 0L), // an indeterminate length, which no key packet has
            };
        }
        if (tag is not (5 or 7) || header == 0 || header + length > bytes.Length || length < 12) return false;
        var version = bytes[header];
        // Version, creation time, (v3: validity days,) then the algorithm.
        var algorithm = version switch { 3 => bytes[header + 7], 4 or 5 or 6 => bytes[header + 5], _ => -1 };
        return algorithm is 1 or 2 or 3 or 16 or 17 or 18 or 19 or 22 or 25 or 26 or 27 or 28;
    }

    [GeneratedRegex(@"-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----")]
    private static partial Regex PemPrivateKey();

    [GeneratedRegex(@"\(\d+:(protected-|shadowed-)?private-key|Key: \((protected-|shadowed-)?private-key")]
    private static partial Regex AgentKey();

    [GeneratedRegex(@"untrusted comment: .*(minisign|signify) (encrypted )?secret key")]
    private static partial Regex MinisignComment();
}

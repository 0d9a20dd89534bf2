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

    /// <summary>A first packet with tag 5 (secret key) or 7 (secret subkey) followed by a known key version.</summary>
    private static bool IsOpenPgpSecretKeyPacket(byte[] bytes)
    {
        if (bytes.Length < 8 || (bytes[0] & 0x80) == 0) return false;
        int tag, header;
        if ((bytes[0] & 0x40) != 0)
        {
            tag = bytes[0] & 0x3F;
            header = bytes[1] < 192 ? 2 : bytes[1] < 224 ? 3 : bytes[1] == 255 ? 6 : 2;
        }
        else
        {
            tag = (bytes[0] >> 2) & 0x0F;
            header = (bytes[0] & 3) switch { 0 => 2, 1 => 3, 2 => 5, _ => 1 };
        }
        return tag is 5 or 7 && bytes[header] is 3 or 4 or 5 or 6;
    }

    [GeneratedRegex(@"-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----")]
    private static partial Regex PemPrivateKey();

    [GeneratedRegex(@"\(\d+:(protected-|shadowed-)?private-key|Key: \((protected-|shadowed-)?private-key")]
    private static partial Regex AgentKey();

    [GeneratedRegex(@"untrusted comment: .*(minisign|signify) (encrypted )?secret key")]
    private static partial Regex MinisignComment();
}

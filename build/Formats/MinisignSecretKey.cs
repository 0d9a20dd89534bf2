using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace OpenH264Build.Formats;

/// <summary>
/// A minisign secret key. The file is an untrusted comment line and one base64 line of:
/// sigalg "Ed", kdfalg "Sc" (scrypt-encrypted) or "\0\0" (<c>minisign -W</c>), chkalg "B2", salt (32),
/// opslimit (8, LE), memlimit (8, LE), then 104 bytes: key id (8), libsodium secret key (64: seed + public key)
/// and a BLAKE2b-256 checksum over sigalg + key id + secret key. When encrypted, those 104 bytes are XORed with
/// scrypt(password, salt). The checksum is what tells a wrong password from a right one.
/// Nothing here ever puts key bytes or the password into a message; <see cref="Dispose"/> wipes the key.
/// </summary>
public sealed class MinisignSecretKey : IDisposable
{
    private const int SaltLength = 32;
    private const int SecretKeyLength = 64;
    private const int ChecksumLength = 32;
    private const int KeynumLength = MinisignPublicKey.KeyIdLength + SecretKeyLength + ChecksumLength; // 104
    private const int FileLength = 2 + 2 + 2 + SaltLength + 8 + 8 + KeynumLength; // 158
    private static readonly byte[] KdfScrypt = "Sc"u8.ToArray();
    private static readonly byte[] KdfNone = [0, 0];
    private static readonly byte[] ChecksumAlgorithm = "B2"u8.ToArray();

    private readonly byte[] _secretKey; // libsodium layout: seed (32) + public key (32)

    private MinisignSecretKey(byte[] keyId, byte[] secretKey)
    {
        _secretKey = secretKey;
        PublicKey = new MinisignPublicKey(keyId, secretKey[32..]);
    }

    public MinisignPublicKey PublicKey { get; }
    public byte[] KeyId => PublicKey.KeyId;

    /// <summary>A new key pair with a random id, as <c>minisign -G</c> makes one.</summary>
    public static MinisignSecretKey Generate()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var publicKey = new Ed25519PrivateKeyParameters(seed).GeneratePublicKey().GetEncoded();
        var key = new MinisignSecretKey(RandomNumberGenerator.GetBytes(MinisignPublicKey.KeyIdLength), [.. seed,
            .. publicKey]);
        CryptographicOperations.ZeroMemory(seed);
        return key;
    }

    /// <summary>Ed25519 over <paramref name="message"/> (minisign signs a BLAKE2b-512 digest, not the file).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[64];
        Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Sign(_secretKey, 0, message.ToArray(), 0, message.Length, signature,
            0);
        return signature;
    }

    /// <summary>
    /// The key file without a password (what <c>minisign -G -W</c> writes), for the development key only: a
    /// release key is made and kept by the release manager, never by the build.
    /// </summary>
    public string ToUnencryptedFileText()
    {
        var bytes = new byte[FileLength];
        "Ed"u8.CopyTo(bytes);
        KdfNone.CopyTo(bytes, 2);
        ChecksumAlgorithm.CopyTo(bytes, 4);
        var keynum = bytes.AsSpan(FileLength - KeynumLength);
        KeyId.CopyTo(keynum);
        _secretKey.CopyTo(keynum[MinisignPublicKey.KeyIdLength..]);
        Checksum(KeyId, _secretKey).CopyTo(keynum[(MinisignPublicKey.KeyIdLength + SecretKeyLength)..]);
        var text = $"untrusted comment: minisign secret key {PublicKey.KeyIdText} (not " +
            $"encrypted)\n{Convert.ToBase64String(bytes)}\n";
        CryptographicOperations.ZeroMemory(bytes);
        return text;
    }

    /// <summary>Reads a key file's content; <paramref name="password"/> is needed when the key is encrypted.</summary>
    public static MinisignSecretKey Parse(string text, string? password)
    {
        var bytes = FileBytes(text);
        try
        {
            var encrypted = IsEncrypted(bytes);
            var keynum = bytes.AsSpan(FileLength - KeynumLength);
            if (encrypted) Decrypt(bytes, keynum, password);
            return FromKeynum(keynum, encrypted);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The bytes of the one base64 line after the comment.</summary>
    private static byte[] FileBytes(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("untrusted comment:", StringComparison.Ordinal)).ToList();
        if (lines.Count != 1)
            throw new SigningFailure(
                "signing key: not a minisign secret key (expected one base64 line after the comment)");
        try { return Convert.FromBase64String(lines[0]); }
        catch (FormatException) { throw new SigningFailure("signing key: not a minisign secret key (not base64)"); }
    }

    /// <summary>Checks the header (Ed25519, BLAKE2b checksum) and says whether the key is scrypt-encrypted.</summary>
    private static bool IsEncrypted(byte[] bytes)
    {
        if (bytes.Length != FileLength || !bytes.AsSpan(0, 2).SequenceEqual("Ed"u8)
            || !bytes.AsSpan(4, 2).SequenceEqual(ChecksumAlgorithm))
            throw new SigningFailure("signing key: not a minisign Ed25519 secret key");
        var kdf = bytes.AsSpan(2, 2);
        var encrypted = kdf.SequenceEqual(KdfScrypt);
        if (!encrypted && !kdf.SequenceEqual(KdfNone))
            throw new SigningFailure("signing key: unknown key derivation (neither scrypt nor none)");
        return encrypted;
    }

    /// <summary>Decrypts <paramref name="keynum"/> in place: XOR with the scrypt stream of the password and the file's
    /// salt and limits.</summary>
    private static void Decrypt(byte[] bytes, Span<byte> keynum, string? password)
    {
        if (string.IsNullOrEmpty(password))
            throw new SigningFailure(
                "signing key is encrypted: give its password with --signing-key-password or " +
                    "OPENH264_SIGNING_KEY_PASSWORD");
        var salt = bytes.AsSpan(6, SaltLength).ToArray();
        var scrypt = ScryptParameters.FromLimits(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(6 + SaltLength)),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(6 + SaltLength + 8)));
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var stream = SCrypt.Generate(passwordBytes, salt, scrypt.N, scrypt.R, scrypt.P, KeynumLength);
        for (var i = 0; i < KeynumLength; i++) keynum[i] ^= stream[i];
        CryptographicOperations.ZeroMemory(stream);
        CryptographicOperations.ZeroMemory(passwordBytes);
    }

    /// <summary>The key id and secret key of a decrypted keynum, once its checksum and its two halves agree.</summary>
    private static MinisignSecretKey FromKeynum(ReadOnlySpan<byte> keynum, bool encrypted)
    {
        var keyId = keynum[..MinisignPublicKey.KeyIdLength].ToArray();
        var secretKey = keynum.Slice(MinisignPublicKey.KeyIdLength, SecretKeyLength).ToArray();
        var storedChecksum = keynum[(MinisignPublicKey.KeyIdLength + SecretKeyLength)..];
        var checksum = Checksum(keyId, secretKey);
        // minisign -W leaves the checksum of an unencrypted key zero; any other value must match.
        var checksumAbsent = !encrypted && storedChecksum.IndexOfAnyExcept((byte)0) < 0;
        if (!checksumAbsent && !CryptographicOperations.FixedTimeEquals(checksum, storedChecksum))
        {
            CryptographicOperations.ZeroMemory(secretKey);
            throw new SigningFailure(encrypted
                ? "signing key: wrong password (the decrypted key fails its checksum)"
                : "signing key: damaged (the key fails its checksum)");
        }
        var derived = new Ed25519PrivateKeyParameters(secretKey, 0).GeneratePublicKey().GetEncoded();
        if (!derived.AsSpan().SequenceEqual(secretKey.AsSpan(32)))
        {
            CryptographicOperations.ZeroMemory(secretKey);
            throw new SigningFailure("signing key: damaged (its public half does not match its private half)");
        }
        return new MinisignSecretKey(keyId, secretKey);
    }

    private static byte[] Checksum(ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> secretKey)
    {
        var digest = new Blake2bDigest(ChecksumLength * 8);
        digest.BlockUpdate("Ed"u8);
        digest.BlockUpdate(keyId);
        digest.BlockUpdate(secretKey);
        var result = new byte[ChecksumLength];
        digest.DoFinal(result, 0);
        return result;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_secretKey);
}

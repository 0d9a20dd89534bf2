using System.Buffers.Binary;
using System.Text;

namespace OpenH264Build.Formats;

/// <summary>
/// A minisign public key: base64("Ed" + key id (8 bytes) + Ed25519 public key (32 bytes)), in a file whose first
/// line is an untrusted comment. The key id is printed as minisign prints it: the 8 bytes read as a
/// little-endian number, in upper-case hex.
/// </summary>
public sealed class MinisignPublicKey
{
    internal const int KeyIdLength = 8;
    internal const int KeyLength = 32;
    internal static readonly byte[] Algorithm = "Ed"u8.ToArray();

    public MinisignPublicKey(byte[] keyId, byte[] key)
    {
        if (keyId.Length != KeyIdLength || key.Length != KeyLength)
            throw new ArgumentException("A minisign public key is an 8-byte id and a 32-byte Ed25519 key.");
        KeyId = keyId;
        Key = key;
    }

    public byte[] KeyId { get; }
    public byte[] Key { get; }

    /// <summary>The id as minisign shows it in comments and error messages, e.g. 610E6539DCC9279E.</summary>
    public string KeyIdText => FormatKeyId(KeyId);

    public static string FormatKeyId(ReadOnlySpan<byte> keyId) => BinaryPrimitives.ReadUInt64LittleEndian(keyId)
        .ToString("X16");

    /// <summary>The one-line form accepted by <c>minisign -P</c>.</summary>
    public string ToBase64() => Convert.ToBase64String([.. Algorithm, .. KeyId, .. Key]);

    /// <summary>The file form written by <c>minisign -G</c> and read by <c>minisign -p</c>.</summary>
    public string ToFileText() => $"untrusted comment: minisign public key {KeyIdText}\n{ToBase64()}\n";

    public bool SameAs(MinisignPublicKey other) => KeyId.AsSpan().SequenceEqual(other.KeyId)
        && Key.AsSpan().SequenceEqual(other.Key);

    /// <summary>Reads a public key file, or the bare base64 line; <paramref name="source"/> names it in
    /// errors.</summary>
    public static MinisignPublicKey Parse(string text, string source)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("untrusted comment:", StringComparison.Ordinal)).ToList();
        if (lines.Count != 1)
            throw new SigningFailure(
                $"{source}: not a minisign public key (expected one base64 line after the comment)");
        byte[] bytes;
        try { bytes = Convert.FromBase64String(lines[0]); }
        catch (FormatException) { throw new SigningFailure($"{source}: not a minisign public key (not base64)"); }
        if (bytes.Length != 2 + KeyIdLength + KeyLength || !bytes.AsSpan(0, 2).SequenceEqual(Algorithm))
            throw new SigningFailure($"{source}: not a minisign Ed25519 public key");
        return new MinisignPublicKey(bytes[2..(2 + KeyIdLength)], bytes[(2 + KeyIdLength)..]);
    }

    public static MinisignPublicKey Load(string path)
    {
        if (!File.Exists(path)) throw new SigningFailure($"public key file {path} does not exist");
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }
}

using OpenH264Build.Engine;
using OpenH264Build.Formats;

namespace OpenH264Build.Signing;

/// <summary>The key Sign uses and whether it is a development key.</summary>
public sealed record SigningKey(MinisignSecretKey Key, bool Development) : IDisposable
{
    public void Dispose() => Key.Dispose();
}

/// <summary>
/// Finds the signing key: <c>--signing-key &lt;path&gt;</c>, or <c>OPENH264_SIGNING_KEY</c> holding the key file's
/// content
/// (as a CI secret does; both arrive in the same parameter), with its password when it has one; with neither,
/// the development key. A release key must be the configured release public key's partner.
/// </summary>
public static class SigningKeySource
{
    public static SigningKey Load(string? keyParameter, string? password, string? releasePublicKeyPath,
        string developmentKeyFolder)
    {
        if (string.IsNullOrWhiteSpace(keyParameter))
            return new SigningKey(DevelopmentKey.LoadOrCreate(developmentKeyFolder), Development: true);

        var content = LooksLikeKeyContent(keyParameter) ? keyParameter : ReadKeyFile(keyParameter);
        var key = MinisignSecretKey.Parse(content, password);
        if (releasePublicKeyPath is not null)
        {
            var release = MinisignPublicKey.Load(releasePublicKeyPath);
            if (!key.PublicKey.SameAs(release))
            {
                var id = key.PublicKey.KeyIdText;
                key.Dispose();
                throw new SigningFailure(
                    $"signing key {id} is not the release key {release.KeyIdText} of {Path.GetFileName(
                        releasePublicKeyPath)}");
            }
        }
        return new SigningKey(key, Development: false);
    }

    /// <summary>A key file's content has a comment line or is one long base64 line; a path is neither.</summary>
    private static bool LooksLikeKeyContent(string value) =>
        value.Contains('\n') || value.StartsWith("untrusted comment:", StringComparison.Ordinal) ||
        (value.Length > 200 && value.StartsWith("RW", StringComparison.Ordinal) && !value.Contains('/'));

    private static string ReadKeyFile(string path)
    {
        // The path itself is a secret parameter (masked), so the message names the option instead.
        if (!File.Exists(path)) throw new SigningFailure("the signing key file given by --signing-key does not exist");
        var content = File.ReadAllText(path);
        // Read from a file, the content never went through the parameter masking: mask it now.
        SecretMasker.Register(content);
        return content;
    }
}

using OpenH264Build.Formats;
namespace OpenH264Build.Signing;

/// <summary>
/// The key a local build signs with when no release key is given: made once beside artifacts/ (never in it: CI
/// uploads it) and reused, so successive local builds verify with the same public key. Its signatures say
/// "development", and publishing refuses them, so it needs no password and no protection beyond file permissions.
/// </summary>
public static class DevelopmentKey
{
    public const string SecretKeyFileName = "development.key";
    public const string PublicKeyFileName = "development.pub";

    public static MinisignSecretKey LoadOrCreate(string folder)
    {
        var secretPath = Path.Combine(folder, SecretKeyFileName);
        if (File.Exists(secretPath))
            return MinisignSecretKey.Parse(File.ReadAllText(secretPath), password: null);

        Directory.CreateDirectory(folder);
        var key = MinisignSecretKey.Generate();
        // Written owner-only from the start: even a development key should not be readable by other users.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(secretPath, new System.Text.UTF8Encoding(false), options))
            writer.Write(key.ToUnencryptedFileText());
        File.WriteAllText(Path.Combine(folder, PublicKeyFileName), key.PublicKey.ToFileText());
        return key;
    }
}

using OpenH264Build.Formats;
using OpenH264Build.Signing;

namespace OpenH264Build.Tests.Signing;

/// <summary>A key minisign made with a password, made once: scrypt at minisign's cost takes seconds and 1 GiB.</summary>
public sealed class EncryptedMinisignKey : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    public TempFolder Folder { get; } = new();
    public string PublicKeyPath => Folder.File("enc.pub");
    public string SecretKeyPath => Folder.File("enc.key");
    public Task InitializeAsync() => StockMinisign.GenerateKey(Folder.Path, PublicKeyPath, SecretKeyPath, Password);
    public Task DisposeAsync() { Folder.Dispose(); return Task.CompletedTask; }
}

/// <summary>Our minisign reader and writer against the real minisign tool, in both directions.</summary>
public class MinisignCompatibilityTests(EncryptedMinisignKey encrypted) : IClassFixture<EncryptedMinisignKey>
{
    private static string WriteSample(TempFolder folder, string name = "SHA256SUMS")
    {
        var path = folder.File(name);
        File.WriteAllText(path, "0123456789abcdef  openh264-2.6.0-1-x86_64.tar.gz\n");
        return path;
    }

    [Fact]
    public async Task Our_signature_is_verified_by_stock_minisign_and_carries_the_trusted_comment()
    {
        using var folder = new TempFolder();
        using var key = MinisignSecretKey.Generate();
        File.WriteAllText(folder.File("ours.pub"), key.PublicKey.ToFileText());
        var file = WriteSample(folder);
        MinisignSignature.Create(key, file, "version=2.6.0-1 commit=abc", "signature from the test").WriteTo(file + ".minisig");

        var result = await StockMinisign.Run(folder.Path, null, "-V", "-H", "-p", "ours.pub", "-m", "SHA256SUMS");
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("Trusted comment: version=2.6.0-1 commit=abc", result.StandardOutput);
    }

    [Fact]
    public async Task Stock_minisign_rejects_our_signature_of_a_changed_file()
    {
        using var folder = new TempFolder();
        using var key = MinisignSecretKey.Generate();
        File.WriteAllText(folder.File("ours.pub"), key.PublicKey.ToFileText());
        var file = WriteSample(folder);
        MinisignSignature.Create(key, file, "t", "u").WriteTo(file + ".minisig");
        File.AppendAllText(file, "x");

        var result = await StockMinisign.Run(folder.Path, null, "-V", "-p", "ours.pub", "-m", "SHA256SUMS");
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Our_unencrypted_key_file_is_usable_by_stock_minisign()
    {
        using var folder = new TempFolder();
        using var key = MinisignSecretKey.Generate();
        File.WriteAllText(folder.File("dev.key"), key.ToUnencryptedFileText());
        File.WriteAllText(folder.File("dev.pub"), key.PublicKey.ToFileText());
        WriteSample(folder);

        var sign = await StockMinisign.Run(folder.Path, null, "-S", "-W", "-s", "dev.key", "-m", "SHA256SUMS", "-t", "made by minisign");
        Assert.True(sign.ExitCode == 0, sign.StandardError + sign.StandardOutput);
        MinisignSignature.Load(folder.File("SHA256SUMS.minisig")).Verify(key.PublicKey, folder.File("SHA256SUMS"), "SHA256SUMS.minisig");
    }

    [Fact]
    public async Task A_key_made_by_minisign_without_a_password_signs_for_us()
    {
        using var folder = new TempFolder();
        await StockMinisign.GenerateKey(folder.Path, folder.File("plain.pub"), folder.File("plain.key"), password: null);
        using var key = MinisignSecretKey.Parse(File.ReadAllText(folder.File("plain.key")), password: null);
        Assert.True(key.PublicKey.SameAs(MinisignPublicKey.Load(folder.File("plain.pub"))));
        var file = WriteSample(folder);
        MinisignSignature.Create(key, file, "signed by us", "u").WriteTo(file + ".minisig");

        var result = await StockMinisign.Run(folder.Path, null, "-V", "-p", "plain.pub", "-m", "SHA256SUMS");
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task A_key_made_by_minisign_with_a_password_signs_for_us()
    {
        using var folder = new TempFolder();
        using var key = MinisignSecretKey.Parse(File.ReadAllText(encrypted.SecretKeyPath), EncryptedMinisignKey.Password);
        Assert.True(key.PublicKey.SameAs(MinisignPublicKey.Load(encrypted.PublicKeyPath)));
        var file = WriteSample(folder);
        MinisignSignature.Create(key, file, "signed by us", "u").WriteTo(file + ".minisig");

        var result = await StockMinisign.Run(folder.Path, null, "-V", "-p", encrypted.PublicKeyPath, "-m", "SHA256SUMS");
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task Stock_minisign_signature_is_verified_by_us()
    {
        using var folder = new TempFolder();
        var file = WriteSample(folder);
        var sign = await StockMinisign.Run(folder.Path, EncryptedMinisignKey.Password + "\n", "-S", "-s", encrypted.SecretKeyPath, "-m", "SHA256SUMS", "-t", "from minisign");
        Assert.True(sign.ExitCode == 0, sign.StandardError + sign.StandardOutput);

        var signature = MinisignSignature.Load(file + ".minisig");
        signature.Verify(MinisignPublicKey.Load(encrypted.PublicKeyPath), file, "SHA256SUMS.minisig");
        Assert.Equal("from minisign", signature.TrustedComment);
    }

    [Fact]
    public void A_wrong_password_is_a_one_line_error_that_does_not_echo_it()
    {
        var e = Assert.Throws<SigningFailure>(() => MinisignSecretKey.Parse(File.ReadAllText(encrypted.SecretKeyPath), "not the password"));
        Assert.Contains("wrong password", e.Message);
        Assert.DoesNotContain("not the password", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void An_encrypted_key_without_a_password_says_how_to_give_one()
    {
        var e = Assert.Throws<SigningFailure>(() => MinisignSecretKey.Parse(File.ReadAllText(encrypted.SecretKeyPath), null));
        Assert.Contains("--signing-key-password", e.Message);
    }

    [Theory]
    [InlineData("not a key at all")]
    [InlineData("untrusted comment: x\nRWQAAEIy\n")]
    [InlineData("untrusted comment: x\n!!!!\n")]
    public void A_malformed_key_is_a_one_line_error(string text)
    {
        var e = Assert.Throws<SigningFailure>(() => MinisignSecretKey.Parse(text, null));
        Assert.StartsWith("signing key", e.Message);
    }

    [Fact]
    public void A_damaged_unencrypted_key_is_caught_by_its_checksum()
    {
        using var key = MinisignSecretKey.Generate();
        var lines = key.ToUnencryptedFileText().Split('\n');
        var bytes = Convert.FromBase64String(lines[1]);
        bytes[100] ^= 1; // a bit of the secret key
        var e = Assert.Throws<SigningFailure>(() => MinisignSecretKey.Parse($"{lines[0]}\n{Convert.ToBase64String(bytes)}\n", null));
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void Scrypt_cost_of_minisign_keys_follows_libsodium()
    {
        Assert.Equal(new ScryptParameters(1 << 20, 8, 1), ScryptParameters.FromLimits(ScryptParameters.SensitiveOpsLimit, ScryptParameters.SensitiveMemLimit));
        // the interactive limits of libsodium: N = 2^14
        Assert.Equal(new ScryptParameters(1 << 14, 8, 1), ScryptParameters.FromLimits(524288, 16777216));
    }
}

using System.Reflection;
using System.Text;
using OpenH264Build.Engine;
using OpenH264Build.Signing;
using Serilog;

namespace OpenH264Build.Tests.Signing;

/// <summary>
/// The release key and its password, given as a CI secret would give them, must not reach the log or artifacts/.
/// These tests configure the engine's static logger, so they share the engine tests' collection (never in parallel).
/// </summary>
[Collection("Engine")]
public class SecretLeakTests(EncryptedMinisignKey key) : IClassFixture<EncryptedMinisignKey>
{
    private Dictionary<string, string> CiSecrets(string password) => new()
    {
        ["OPENH264_SIGNING_KEY"] = File.ReadAllText(key.SecretKeyPath),
        ["OPENH264_SIGNING_KEY_PASSWORD"] = password,
        ["OPENH264_PACKAGE_VERSION"] = "2.6.0-1",
    };

    /// <summary>Every form the secret could leak in: the key file's base64, the password, the raw key bytes and their encodings.</summary>
    private List<byte[]> ForbiddenByteStrings()
    {
        using var parsed = MinisignSecretKey.Parse(File.ReadAllText(key.SecretKeyPath), EncryptedMinisignKey.Password);
        var raw = (byte[])typeof(MinisignSecretKey).GetField("_secretKey", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(parsed)!;
        var seed = raw[..32];
        var keyLine = File.ReadAllText(key.SecretKeyPath).Split('\n')[1];
        var texts = new[]
        {
            keyLine, keyLine[..40], EncryptedMinisignKey.Password,
            Convert.ToHexStringLower(seed), Convert.ToHexString(seed), Convert.ToBase64String(seed), Convert.ToBase64String(raw),
        };
        return [.. texts.Select(Encoding.UTF8.GetBytes), raw.ToArray(), seed];
    }

    [Fact]
    public async Task The_secret_key_and_password_appear_in_no_log_line_and_nowhere_in_artifacts_even_after_a_wrong_password()
    {
        using var dist = new DistFixture();
        var logFile = Path.Combine(dist.Root.Path, "logs", "build.log");
        var console = new StringWriter();
        Logging.Configure(logFile, console);
        try
        {
            // A failed attempt first, logged as the engine logs a failed target (message and full exception).
            // (scrypt at minisign's cost takes seconds, so this one attempt also covers a wrong password from the environment.)
            var before = dist.Snapshot();
            var wrong = DistFixture.MakeBuild(CiSecrets("wrong " + EncryptedMinisignKey.Password));
            var failure = await Assert.ThrowsAsync<SigningFailure>(() => dist.Sign(wrong));
            Assert.Equal("signing key: wrong password (the decrypted key fails its checksum)", failure.Message);
            Assert.Equal(before, dist.Snapshot());
            Assert.False(Directory.Exists(dist.DevelopmentKeys));
            Log.Error("{Target} failed: {Message}", "Sign", failure.Message);
            Log.Debug(failure, "{Target} failed", "Sign");

            var build = DistFixture.MakeBuild(CiSecrets(EncryptedMinisignKey.Password));
            var signed = await dist.Sign(build);
            Assert.False(signed.TrustedComment.Development);
            new ReleaseVerifier(MinisignPublicKey.Load(key.PublicKeyPath)).Verify(dist.Dist);
        }
        finally
        {
            Log.CloseAndFlush();
        }

        var consoleText = console.ToString();
        Assert.Contains("Signed 2 files", consoleText); // the capture did capture
        Assert.Contains("wrong password", consoleText);
        var places = new List<(string Where, byte[] Content)> { ("console", Encoding.UTF8.GetBytes(consoleText)) };
        places.AddRange(Directory.EnumerateFiles(dist.Root.Path, "*", SearchOption.AllDirectories).Select(f => (f, File.ReadAllBytes(f))));
        Assert.Contains(places, p => p.Where.EndsWith("build.log"));
        Assert.Contains(places, p => p.Where.EndsWith("SHA256SUMS.minisig"));

        var forbidden = ForbiddenByteStrings();
        foreach (var (where, content) in places)
            foreach (var secret in forbidden)
                Assert.True(content.AsSpan().IndexOf(secret) < 0, $"a secret ({secret.Length} bytes) appears in {Path.GetFileName(where)}");
    }
}

using System.Reflection;
using System.Text;
using OpenH264Build.Dist;
using OpenH264Build.Engine;
using OpenH264Build.Formats;
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
            // Lines a careless change could add: the engine's masking must hide the secrets in them.
            Log.Information("Signing with password {Password} and key {Key}", EncryptedMinisignKey.Password, File.ReadAllText(key.SecretKeyPath));
            Log.Debug(new InvalidOperationException("cannot decrypt with " + EncryptedMinisignKey.Password), "{Target} failed", "Sign");
            var signed = await dist.Sign(build);
            Assert.False(signed.TrustedComment.Development);
            new DistVerifier().Verify(dist.Dist, MinisignPublicKey.Load(key.PublicKeyPath));
        }
        finally
        {
            Log.CloseAndFlush();
        }

        var consoleText = console.ToString();
        Assert.Contains("Signed 2 files", consoleText); // the capture did capture
        Assert.Contains("wrong password", consoleText);
        Assert.Contains("Signing with password ***", consoleText); // the planted line was written, masked
        var places = new List<(string Where, byte[] Content)> { ("console", Encoding.UTF8.GetBytes(consoleText)) };
        places.AddRange(Directory.EnumerateFiles(dist.Root.Path, "*", SearchOption.AllDirectories).Select(f => (f, File.ReadAllBytes(f))));
        Assert.Contains(places, p => p.Where.EndsWith("build.log"));
        Assert.Contains(places, p => p.Where.EndsWith("SHA256SUMS.minisig"));
        Assert.Contains(places, p => p.Where.EndsWith(".intoto.jsonl"));

        // Decoded as a reader would decode them (the provenance's DSSE payload is base64 inside JSON).
        Assert.Empty(SecretSearch.Find(places, ForbiddenTexts()));
        var forbidden = ForbiddenByteStrings();
        foreach (var (where, content) in places)
            foreach (var secret in forbidden)
                Assert.True(content.AsSpan().IndexOf(secret) < 0, $"a secret ({secret.Length} bytes) appears in {Path.GetFileName(where)}");
    }

    private string[] ForbiddenTexts()
    {
        var keyLine = File.ReadAllText(key.SecretKeyPath).Split('\n')[1];
        return [keyLine, keyLine[..40], keyLine[^40..], EncryptedMinisignKey.Password];
    }

    [Fact]
    public void The_search_finds_a_secret_in_a_DSSE_payload_in_a_gzipped_tar_member_and_behind_a_JSON_escape()
    {
        const string secret = "correct horse battery staple";
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"parameters\":{\"signingKeyPassword\":\"" + secret + "\"}}"));
        var envelope = Encoding.UTF8.GetBytes($$"""{"payloadType":"application/vnd.in-toto+json","payload":"{{payload}}","signatures":[]}""" + "\n");
        Assert.True(envelope.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0); // a raw search would miss it
        Assert.NotEmpty(SecretSearch.Find([("provenance.intoto.jsonl", envelope)], [secret]));

        using var tarball = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(tarball, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Ustar))
            tar.WriteEntry(new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "BUILDINFO")
                { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("Password: " + secret)) });
        Assert.NotEmpty(SecretSearch.Find([("package.tar.gz", tarball.ToArray())], [secret]));

        var escaped = Encoding.UTF8.GetBytes("""{"note":"correct horse\u0020battery staple"}""");
        Assert.NotEmpty(SecretSearch.Find([("report.json", escaped)], [secret]));
        Assert.Empty(SecretSearch.Find([("report.json", escaped)], ["another secret"]));
    }
}

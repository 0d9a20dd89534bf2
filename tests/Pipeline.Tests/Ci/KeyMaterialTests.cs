using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Signing;

namespace OpenH264Build.Tests.Ci;

/// <summary>The scanner and the globber the upload test relies on find what they must, and only that.</summary>
public sealed class KeyMaterialTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("key-material-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private static bool Holds(string where, byte[] bytes) => KeyMaterial.Find(where, bytes).Any();

    [Fact]
    public void Each_kind_of_private_key_is_found_and_public_keys_are_not()
    {
        var minisign = PathOf("minisign");
        DevelopmentKey.LoadOrCreate(minisign);
        var secret = File.ReadAllBytes(Path.Combine(minisign, DevelopmentKey.SecretKeyFileName));
        Assert.True(Holds("development.key", secret));
        var bodyOnly = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(secret).Split('\n')[1]);
        Assert.True(Holds("body", bodyOnly));
        Assert.True(Holds("key.tar.gz", Gzip(Tar("development.key", secret))));
        Assert.False(Holds("development.pub", File.ReadAllBytes(Path.Combine(minisign, DevelopmentKey.PublicKeyFileName))));

        using var rsa = RSA.Create(2048);
        Assert.True(Holds("key.pem", Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem())));
        Assert.True(Holds("rsa.pem", Encoding.ASCII.GetBytes(rsa.ExportRSAPrivateKeyPem())));
        Assert.False(Holds("public.pem", Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())));
        Assert.False(Holds("random", RandomNumberGenerator.GetBytes(4096)));
    }

    [Fact]
    public async Task An_OpenPGP_key_is_found_armored_binary_and_in_gpg_agents_store_and_its_public_half_is_not()
    {
        var home = PathOf("gnupg");
        await using (var key = await RepositoryKey.LoadAsync(null, home, CancellationToken.None))
        {
            var agentFiles = Directory.GetFiles(Path.Combine(home, "private-keys-v1.d"));
            Assert.NotEmpty(agentFiles);
            Assert.All(agentFiles, f => Assert.True(Holds(Path.GetFileName(f), File.ReadAllBytes(f)), f));
            Assert.True(Holds("moved/private-keys-v1.d/x", [1, 2, 3]));
            Assert.True(Holds("secret.asc", await Gpg(home, "--armor", "--export-secret-keys")));
            Assert.True(Holds("secret.gpg", await Gpg(home, "--export-secret-keys")));
            Assert.True(Holds("subkeys.gpg", await Gpg(home, "--export-secret-subkeys")));
            var publicKey = PathOf("public.asc");
            await key.ExportPublicAsync(publicKey, CancellationToken.None);
            Assert.False(Holds("public.asc", File.ReadAllBytes(publicKey)));
            Assert.False(Holds("public.gpg", await Gpg(home, "--export")));
        }
    }

    [Fact]
    public void A_line_that_only_starts_like_a_secret_key_packet_is_not_one()
    {
        // An old-format secret-key packet header (tag 5, a two-byte length of 472) and key version 4, in 48 bytes: one
        // line of an armored signature can decode to that by chance; the packet it announces is not there.
        var start = new byte[48];
        new Random(7).NextBytes(start);
        (start[0], start[1], start[2], start[3], start[8]) = (0x95, 0x01, 0xD8, 0x04, 22);
        var armored = "-----BEGIN PGP SIGNATURE-----\n\n" + Convert.ToBase64String(start) + "\n=abcd\n-----END PGP SIGNATURE-----\n";
        Assert.False(Holds("InRelease", Encoding.ASCII.GetBytes(armored)));
        Assert.False(Holds("Release.gpg", start));
    }

    [Fact]
    public void An_upload_path_takes_what_its_globs_name_folders_whole_and_leaves_out_the_excluded()
    {
        foreach (var file in new[] { "artifacts/dist/a.tar.gz", "artifacts/.staging/dist/b", "artifacts/cache/ccache/c", "artifacts/logs/build.log", "other/d" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PathOf(file))!);
            File.WriteAllText(PathOf(file), "x");
        }
        Assert.Equal(["artifacts/.staging/dist/b", "artifacts/dist/a.tar.gz", "artifacts/logs/build.log"],
            UploadGlobs.Take(_folder.FullName, "artifacts/\n!artifacts/cache/\n"));
        Assert.Equal(["artifacts/dist/a.tar.gz"], UploadGlobs.Take(_folder.FullName, "artifacts/dist"));
        Assert.Equal(["artifacts/cache/ccache/c", "artifacts/logs/build.log"], UploadGlobs.Take(_folder.FullName, "artifacts/*/*/c\n**/*.log"));
    }

    private static async Task<byte[]> Gpg(string home, params string[] args)
    {
        var output = new MemoryStream();
        var result = await Cli.Wrap("gpg").WithArguments(new[] { "--batch", "--homedir", home }.Concat(args))
            .WithStandardOutputPipe(PipeTarget.ToStream(output)).WithValidation(CommandResultValidation.None).ExecuteAsync();
        Assert.Equal(0, result.ExitCode);
        return output.ToArray();
    }

    private static byte[] Tar(string name, byte[] content)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        return stream.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
        return stream.ToArray();
    }
}

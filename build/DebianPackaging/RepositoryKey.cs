using System.Text;
using OpenH264Build.Engine;
using OpenH264Build.Processes;
using Serilog;

namespace OpenH264Build.DebianPackaging;

/// <summary>
/// The OpenPGP key that signs the apt repository (apt verifies OpenPGP only; the minisign key vouches for this key
/// by listing its fingerprint in the signed SHA256SUMS). Only Sign loads it. A release key is imported from an
/// armored secret key into a keyring that lives only as long as this object; without one, a development key is made
/// once and kept, like the development minisign key. The key's material goes to gpg on stdin, never on a command line.
/// </summary>
public sealed class RepositoryKey : IAsyncDisposable
{
    private const string DevelopmentUid = "OpenH264 fleet repository (development key) <openh264-fleet@localhost>";
    private readonly bool _temporaryHome;

    public string GnupgHome { get; }
    public string Fingerprint { get; private set; } = "";
    public bool Development { get; }

    private RepositoryKey(string home, bool temporary, bool development)
    {
        GnupgHome = home;
        _temporaryHome = temporary;
        Development = development;
    }

    public IReadOnlyDictionary<string, string?> Environment =>
        new Dictionary<string, string?> { ["GNUPGHOME"] = GnupgHome };

    /// <param name="armoredSecretKey">The release key (armored OpenPGP secret key without a passphrase), or
    /// null.</param>
    public static async Task<RepositoryKey> LoadAsync(string? armoredSecretKey, string developmentFolder,
        CancellationToken ct)
    {
        RepositoryKey key;
        if (armoredSecretKey is not null)
        {
            if (!armoredSecretKey.Contains("BEGIN PGP PRIVATE KEY BLOCK", StringComparison.Ordinal))
                throw new BuildFailure(
                    "--repository-key is not an armored OpenPGP secret key (expected '-----BEGIN PGP " +
                        "PRIVATE KEY BLOCK-----')");
            key = new RepositoryKey(NewHome(Path.Combine(Path.GetTempPath(), $"apt-key-{Guid.NewGuid():N}"[..20])),
                true, false);
            await key.GpgAsync(["--import"], new MemoryStream(Encoding.UTF8.GetBytes(armoredSecretKey)), ct);
        }
        else
        {
            key = new RepositoryKey(NewHome(developmentFolder), false, true);
            if (await key.SecretFingerprintAsync(ct) is null)
            {
                Log.Information("Making the development apt repository key in {Folder}", developmentFolder);
                await key.GpgAsync(["--passphrase", "", "--quick-gen-key", DevelopmentUid, "ed25519", "sign",
                    "never"], null, ct);
            }
        }
        key.Fingerprint = await key.SecretFingerprintAsync(ct)
            ?? throw new BuildFailure("The repository key holds no secret signing key");
        return key;
    }

    /// <summary>The public key as a binary keyring, what a host's <c>Signed-By:</c> names.</summary>
    public async Task ExportPublicAsync(string path, CancellationToken ct)
    {
        var result = await GpgAsync(["--export", "--armor", Fingerprint], null, ct);
        await File.WriteAllTextAsync(path, result.StandardOutput, ct);
    }

    /// <summary>Signs with this key alone (gpg's arguments after <c>--local-user</c>), as Sign does the repository's
    /// Release file.</summary>
    public Task SignAsync(IEnumerable<string> arguments, CancellationToken ct) =>
        GpgAsync(new[] { "--local-user", Fingerprint, "--digest-algo", "SHA512" }.Concat(arguments), null, ct);

    private async Task<string?> SecretFingerprintAsync(CancellationToken ct)
    {
        var listing = await GpgAsync(["--with-colons", "--list-secret-keys"], null, ct, allowFailure: true);
        return listing.StandardOutput.Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal))
            .Select(l => l.Split(':')[9]).FirstOrDefault();
    }

    private Task<ProgramResult> GpgAsync(IEnumerable<string> arguments, Stream? input, CancellationToken ct,
        bool allowFailure = false) =>
        HostProgram.RunAsync("gpg", new[] { "--batch", "--pinentry-mode", "loopback", "--no-tty" }.Concat(arguments),
            new() { Environment = Environment, StandardInput = input, AllowFailure = allowFailure }, ct);

    private static string NewHome(string folder)
    {
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        // gpg starts an agent per keyring home: stop ours, and forget a release key's keyring entirely.
        await HostProgram.RunAsync("gpgconf", ["--kill", "gpg-agent"], new() { Environment = Environment,
            AllowFailure = true });
        if (_temporaryHome) Directory.Delete(GnupgHome, recursive: true);
    }
}

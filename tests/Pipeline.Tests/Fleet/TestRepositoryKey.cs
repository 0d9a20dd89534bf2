using CliWrap;
using CliWrap.Buffered;

namespace OpenH264Build.Tests.Fleet;

/// <summary>
/// A release repository key as the release manager makes it (README, Releasing): gpg's own key generation in a
/// keyring of the test's, exported armored, the way it is stored as the REPOSITORY_KEY secret.
/// </summary>
public static class TestRepositoryKey
{
    /// <summary>Makes the key in <paramref name="folder"/> and returns the file holding its armored secret key.</summary>
    public static async Task<string> CreateAsync(string folder)
    {
        var home = Path.Combine(folder, "repository-gnupg");
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await Gpg(home, "--passphrase", "", "--quick-gen-key", "OpenH264 fleet repository (test release key) <fleet-test@localhost>", "ed25519", "sign", "never");
        var exported = await Gpg(home, "--armor", "--export-secret-keys");
        var file = Path.Combine(folder, "repository-key.asc");
        await File.WriteAllTextAsync(file, exported);
        await Cli.Wrap("gpgconf").WithArguments(["--homedir", home, "--kill", "gpg-agent"]).WithValidation(CommandResultValidation.None).ExecuteAsync();
        Directory.Delete(home, recursive: true);
        return file;
    }

    private static async Task<string> Gpg(string home, params string[] arguments)
    {
        var result = await Cli.Wrap("gpg").WithArguments(["--batch", "--homedir", home, "--pinentry-mode", "loopback", .. arguments])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }
}

using System.Text;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.EventStream;
using OpenH264Build.Engine;
using OpenH264Build.Tests.Ci;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// Secrets reach the build but never sit in its process environment: build.sh hands them over on a descriptor, so
/// <c>/proc/&lt;pid&gt;/environ</c> of a running build (which any process of the same user, and root, can read for the
/// build's whole life) holds none of them, while the stages still get every value.
/// </summary>
[Collection("Pipeline")]
public sealed class SecretHandOverTests(EncryptedMinisignKey key) : IClassFixture<EncryptedMinisignKey>, IAsyncLifetime
{
    private TestTree _tree = null!;
    private readonly string _gnupg = Directory.CreateTempSubdirectory("handover-gnupg-").FullName;

    public async Task InitializeAsync() => _tree = await TestTree.CreateAsync();

    public Task DisposeAsync()
    {
        _tree.Dispose();
        Directory.Delete(_gnupg, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Build_sh_moves_exactly_the_variables_of_the_secret_parameters()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "build.sh"));
        var list = Regex.Match(script, @"SECRET_VARIABLES=\((?<names>[^)]*)\)").Groups["names"].Value;
        var moved = list.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Order();
        var secret = ParameterSet.Of(typeof(Build)).Parameters.Where(p => p.IsSecret).SelectMany(p => p.EnvironmentVariables).Distinct().Order();
        Assert.Equal(secret, moved);
    }

    [Fact]
    public async Task A_running_build_keeps_no_secret_in_its_process_environment_and_its_stages_still_get_every_value()
    {
        var secrets = new Dictionary<string, string?>
        {
            ["OPENH264_SIGNING_KEY"] = File.ReadAllText(key.SecretKeyPath),
            ["OPENH264_SIGNING_KEY_PASSWORD"] = EncryptedMinisignKey.Password,
            ["OPENH264_REPOSITORY_KEY"] = await ArmoredRepositoryKeyAsync(),
            ["GITHUB_TOKEN"] = "ghp_handover0github0token0planted",
            ["OPENH264_UPSTREAM_TOKEN"] = "ghp_handover0upstream0token0planted",
        };
        var output = new StringBuilder();
        string? environ = null, descriptors = null;
        // The release key's scrypt takes seconds once Sign starts: the build is read while it holds every value.
        await foreach (var e in _tree.Command(["Sign", "--arch", "x86_64", "--public-key", key.PublicKeyPath], secrets).ListenAsync())
        {
            if (e is StandardOutputCommandEvent or StandardErrorCommandEvent) output.AppendLine(e.ToString());
            if (e is StandardOutputCommandEvent line && line.Text.Contains("» Sign") && environ is null)
                (environ, descriptors) = Inspect(Pid(output.ToString()));
            if (e is StartedCommandEvent started) output.AppendLine($"(pid {started.ProcessId})");
        }
        Assert.True(environ is not null, output.ToString());
        Assert.Contains("_build.dll", descriptors); // the build itself, after build.sh's exec
        foreach (var (name, value) in secrets)
        {
            Assert.DoesNotContain(name + "=", environ);
            foreach (var part in value!.Split('\n').Where(l => l.Length >= 16 && !l.StartsWith("untrusted") && !l.StartsWith("-----")))
                Assert.DoesNotContain(part, environ);
        }
        Assert.DoesNotContain("openh264-build-secrets", descriptors);
        // Received: the encrypted release key opened with its password and matched the public key (it then refuses a
        // development version), and the apt repository was signed with the given key, so no development key was made.
        Assert.Contains("the release key signs only a release version", output.ToString());
        Assert.DoesNotContain("signing with the development key", output.ToString());
        Assert.False(Directory.Exists(Path.Combine(_tree.Root, ".development-keys", "apt-gnupg")), output.ToString());
    }

    private static int Pid(string output) => int.Parse(Regex.Match(output, @"\(pid (\d+)\)").Groups[1].Value);

    /// <summary>The process's environment as the kernel keeps it, and where its open descriptors point, with its command line.</summary>
    private static (string Environ, string Descriptors) Inspect(int pid)
    {
        var environ = File.ReadAllText($"/proc/{pid}/environ").Replace('\0', '\n');
        var descriptors = string.Join("\n", Directory.GetFiles($"/proc/{pid}/fd").Select(fd =>
        {
            try { return new FileInfo(fd).LinkTarget ?? ""; } catch (IOException) { return ""; }
        }));
        return (environ, descriptors + "\n" + File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '));
    }

    private async Task<string> ArmoredRepositoryKeyAsync()
    {
        string[] batch = ["--batch", "--homedir", _gnupg, "--passphrase", "", "--pinentry-mode", "loopback"];
        await Cli.Wrap("gpg").WithArguments([.. batch, "--quick-gen-key", "Hand-over test <handover@localhost>", "ed25519", "sign", "never"])
            .ExecuteAsync();
        var armored = new StringBuilder();
        await Cli.Wrap("gpg").WithArguments([.. batch, "--armor", "--export-secret-keys"])
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(armored)).ExecuteAsync();
        return armored.ToString();
    }
}

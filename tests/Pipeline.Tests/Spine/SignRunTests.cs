using System.Diagnostics;
using System.Text;
using CliWrap.EventStream;
using OpenH264Build.Tests.Signing;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// Sign through ./build.sh as a release manager runs it, with a password-protected key from the stock minisign
/// (its scrypt takes seconds, so a run can be stopped while Sign is busy): an interrupted run keeps the previous
/// dist, and no secret reaches any line or any file the run writes, however the file is encoded.
/// </summary>
[Collection("Pipeline")]
public sealed class SignRunTests(EncryptedMinisignKey key) : IClassFixture<EncryptedMinisignKey>, IAsyncLifetime
{
    private const string GithubToken = "ghp_planted0github0token0for0leak0tests";
    private const string UpstreamToken = "ghp_planted0upstream0token0for0leak0tests";
    private TestTree _tree = null!;

    public async Task InitializeAsync()
    {
        _tree = await TestTree.CreateAsync();
        _repositoryKey = await File.ReadAllTextAsync(await Fleet.TestRepositoryKey.CreateAsync(_keyFolder.Path));
    }

    public Task DisposeAsync()
    {
        _tree.Dispose();
        _keyFolder.Dispose();
        return Task.CompletedTask;
    }

    private string[] SignArguments => ["Sign", "--arch", "x86_64", "--public-key", key.PublicKeyPath];

    /// <summary>
    /// A run the release key really signs: a release version whose library has passing, bound verdicts (Compat with its
    /// soak, as the release policy asks), with the repository signed by the release repository key.
    /// </summary>
    private string[] ProvenSignArguments =>
        ["Abi", "Compat", "Sign", "--arch", "x86_64", "--package-version", "2.3.1-1", "--public-key", key.PublicKeyPath];

    /// <summary>The release repository key, armored, as the REPOSITORY_KEY secret holds it.</summary>
    private string _repositoryKey = "";
    private readonly TempFolder _keyFolder = new();

    /// <summary>Every secret where a careless change would print it: the key and its password from the environment, as CI gives them, and both tokens.</summary>
    private Dictionary<string, string?> Secrets => new()
    {
        ["OPENH264_SIGNING_KEY"] = File.ReadAllText(key.SecretKeyPath),
        ["OPENH264_SIGNING_KEY_PASSWORD"] = EncryptedMinisignKey.Password,
        ["OPENH264_REPOSITORY_KEY"] = _repositoryKey,
        ["GITHUB_TOKEN"] = GithubToken,
        ["OPENH264_UPSTREAM_TOKEN"] = UpstreamToken,
    };

    [Fact]
    public async Task A_run_killed_during_Sign_leaves_the_previous_dist_exactly_as_it_was()
    {
        var previous = _tree.PlacePreviousDist();

        var output = new StringBuilder();
        int? exitCode = null;
        var killed = false;
        var pid = 0;
        await foreach (var e in _tree.Command(SignArguments, Secrets).ListenAsync())
        {
            switch (e)
            {
                case StartedCommandEvent started:
                    output.AppendLine($"(pid {started.ProcessId})");
                    pid = started.ProcessId;
                    break;
                case StandardOutputCommandEvent line:
                    output.AppendLine(line.Text);
                    if (!killed && line.Text.Contains("» Sign"))
                    {
                        Process.GetProcessById(pid).Kill(entireProcessTree: true);
                        killed = true;
                    }
                    break;
                case StandardErrorCommandEvent line:
                    output.AppendLine(line.Text);
                    break;
                case ExitedCommandEvent exited:
                    exitCode = exited.ExitCode;
                    break;
            }
        }
        Assert.True(killed, output.ToString());
        Assert.True(exitCode is not 0, output.ToString());
        Assert.DoesNotContain("artifacts/dist now holds", output.ToString());
        Assert.Equal(previous, TestTree.Digests(_tree.Dist));
    }

    [Fact]
    public async Task A_signed_run_puts_no_secret_in_its_output_or_in_any_file_it_wrote_even_decoded()
    {
        var started = DateTime.UtcNow;
        var run = await _tree.BuildWithAsync(Secrets, ProvenSignArguments);
        var output = run.StandardOutput + run.StandardError;
        Assert.True(run.ExitCode == 0, output);
        var written = SecretSearch.FilesWrittenSince(_tree.Artifacts, started).ToList();
        Assert.Contains(written, f => f.Where.EndsWith(".intoto.jsonl")); // the run signed, with provenance
        Assert.Contains(written, f => f.Where.EndsWith("build.log"));

        var keyLine = File.ReadAllText(key.SecretKeyPath).Split('\n')[1];
        // The repository key's secret part: a line from the middle of its armor.
        var repositoryKeyLines = _repositoryKey.Split('\n');
        var repositoryKeyLine = repositoryKeyLines[repositoryKeyLines.Length / 2];
        string[] secrets = [EncryptedMinisignKey.Password, keyLine, keyLine[..40], keyLine[^40..], GithubToken, UpstreamToken, repositoryKeyLine];
        var places = written.Prepend(("console", Encoding.UTF8.GetBytes(output)));
        Assert.Empty(SecretSearch.Find(places, secrets));
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Compat;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// A hostile patch through ./build.sh as a user runs it, with secrets in the environment: its decoder, when created,
/// writes the environment to a file outside any output folder and dials a listener that would answer if the sandbox
/// had any network (a container of this test's, on a network this test created and on the engine's default one, where
/// a container lands whose network was left on; its answering is proven first). The harness that loads the library
/// runs only in the sandbox, so there is no file and no connection, and Compat still judges its pictures.
/// </summary>
[Collection("Pipeline")]
public sealed class SandboxedPatchTests : IDisposable
{
    private const string Fixture = "9004-test-decoder-leaks-environment.patch";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sandboxed-patch-" + Guid.NewGuid().ToString("N")[..8]);
    public SandboxedPatchTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task A_decoder_that_leaks_the_environment_and_dials_out_leaves_no_file_and_makes_no_connection()
    {
        await using var listener = await ListenerContainer.StartAsync();
        await listener.ProveItAnswersAsync();
        var answered = await listener.ConnectionsAsync();
        Assert.Equal(listener.Addresses.Count, answered);
        var leak = Path.Combine(_dir, "leaked-environment.txt");
        var template = CompatReports.Fixture(Fixture + ".template");
        var patch = template.Replace("@LEAK_FILE@", leak).Replace("@PORT@", ListenerContainer.Port.ToString())
            .Replace("@ADDRESSES@", string.Join(", ", listener.Addresses.Select(a => $"\"{a}\"")));
        var patches = Spine.BuildScript.SeriesWith(Path.Combine(_dir, "patches"), Fixture, patch);
        using var tree = await Spine.TestTree.CreateAsync();

        // The whole default pipeline for one arch, with the secrets a release run has in its environment.
        var run = await tree.BuildWithAsync(new Dictionary<string, string?>
        {
            ["OPENH264_SIGNING_KEY_PASSWORD"] = "test-signing-password",
            ["GITHUB_TOKEN"] = "ghp_testtokenthatmustnotleak",
            ["OPENH264_UPSTREAM_TOKEN"] = "ghp_testupstreamtokenthatmustnotleak",
        }, "--arch", "x86_64", "--compat-quick", "--patches", patches);

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.False(File.Exists(leak), File.Exists(leak) ? File.ReadAllText(leak) : "");
        Assert.Equal(answered, await listener.ConnectionsAsync());
        // The hostile library really was the one judged: its pictures are upstream's, so it passes.
        var report = CompatReports.Read(tree.Reports, "x86_64");
        Assert.Equal("pass", report.Verdict);
        Assert.Contains(Fixture, report.Candidate);
        Assert.False(report.Soak!.Included);
        Assert.DoesNotContain("ghp_testtokenthatmustnotleak", run.StandardOutput + run.StandardError);
    }

}

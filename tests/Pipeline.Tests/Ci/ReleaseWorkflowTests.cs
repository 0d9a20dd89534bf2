using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Ci;
using OpenH264Build.Engine;
using YamlDotNet.RepresentationModel;

namespace OpenH264Build.Tests.Ci;

/// <summary>
/// The workflows the build generates run where the pipeline is at home (a pinned Debian container) and the release
/// keeps code under test away from the secrets: build + prove without secrets, sign with only the key and nothing
/// built, publish with only the tokens, both behind the release environment, no cache restored anywhere in it.
/// </summary>
public class ReleaseWorkflowTests
{
    private static readonly IReadOnlyDictionary<string, string> Texts = new Build().GenerateWorkflowTexts(out _);

    private static YamlMappingNode Jobs(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Texts[file]));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["jobs"];
    }

    private static YamlMappingNode Job(string file, string id) => (YamlMappingNode)Jobs(file)[id];

    private static IReadOnlyList<YamlMappingNode> Steps(YamlMappingNode job) => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>().ToList();

    private static string? Get(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v.ToString() : null;

    private static IEnumerable<string> EnvNames(YamlMappingNode job) =>
        job.Children.TryGetValue(new YamlScalarNode("env"), out var env) ? ((YamlMappingNode)env).Children.Keys.Select(k => k.ToString()) : [];

    [Fact]
    public void Every_job_runs_in_debian_bookworm_pinned_by_digest_as_root_without_sudo_privileged_only_without_secrets()
    {
        foreach (var file in Texts.Keys)
        foreach (var (id, job) in Jobs(file).Children.Select(c => (c.Key.ToString(), (YamlMappingNode)c.Value)))
        {
            var container = (YamlMappingNode)job["container"];
            Assert.Matches("^debian:bookworm@sha256:[0-9a-f]{64}$", Get(container, "image"));
            var holdsSecrets = job.ToString().Contains("secrets.") || Get(job, "environment") is not null;
            Assert.Equal(holdsSecrets ? null : "--privileged", Get(container, "options"));
            Assert.All(Steps(job), s => Assert.DoesNotContain("sudo", Get(s, "run") ?? ""));
            Assert.True(Steps(job)[0].ToString().Contains("apt-get install"), $"{file}: {id} installs git before checking out");
        }
    }

    [Fact]
    public void The_release_is_build_then_sign_then_publish_each_with_only_its_own_secrets()
    {
        Assert.Equal(["test", "build", "witness", "sign", "publish"], Jobs("release.yml").Children.Keys.Select(k => k.ToString()));
        Assert.Equal("sign", ((YamlSequenceNode)Job("release.yml", "publish")["needs"]).Single().ToString());
        // The build job is not its own witness: sign waits for a second, independent build of the same commit.
        Assert.Equal(["build", "witness"], ((YamlSequenceNode)Job("release.yml", "sign")["needs"]).Select(n => n.ToString()));
        Assert.Equal("test", ((YamlSequenceNode)Job("release.yml", "witness")["needs"]).Single().ToString());

        Assert.All(Jobs("release.yml").Children.Values.Cast<YamlMappingNode>(), job => Assert.Equal(["GITHUB_REPOSITORY"], EnvNames(job)));
        Assert.Empty(BuildStepEnvNames(Job("release.yml", "build")));
        Assert.Empty(BuildStepEnvNames(Job("release.yml", "witness")));
        Assert.Equal(["OPENH264_SIGNING_KEY", "OPENH264_SIGNING_KEY_PASSWORD", "OPENH264_REPOSITORY_KEY"], BuildStepEnvNames(Job("release.yml", "sign")));
        Assert.Equal(["GITHUB_TOKEN", "OPENH264_UPSTREAM_TOKEN"], BuildStepEnvNames(Job("release.yml", "publish")));
        Assert.All(Jobs("ci.yml").Children.Values.Cast<YamlMappingNode>(), job => Assert.DoesNotContain("secrets.", job.ToString()));

        Assert.Equal("read", Get((YamlMappingNode)Job("release.yml", "build")["permissions"], "contents"));
        Assert.Equal("read", Get((YamlMappingNode)Job("release.yml", "sign")["permissions"], "contents"));
        Assert.Equal("write", Get((YamlMappingNode)Job("release.yml", "publish")["permissions"], "contents"));
        Assert.Null(Get(Job("release.yml", "build"), "environment"));
        Assert.Null(Get(Job("release.yml", "witness"), "environment"));
        Assert.Equal("release", Get(Job("release.yml", "sign"), "environment"));
        Assert.Equal("release", Get(Job("release.yml", "publish"), "environment"));
    }

    private static IEnumerable<string> BuildStepEnvNames(YamlMappingNode job) =>
        Steps(job).Single(s => Get(s, "run")?.Contains("./build.sh") == true) is var step
        && step.Children.TryGetValue(new YamlScalarNode("env"), out var env)
            ? ((YamlMappingNode)env).Children.Keys.Select(k => k.ToString())
            : [];

    [Fact]
    public void No_release_job_restores_a_cache()
    {
        foreach (var job in Jobs("release.yml").Children.Values.Cast<YamlMappingNode>())
            Assert.DoesNotContain(Steps(job), s => Get(s, "uses")?.StartsWith("actions/cache") == true);
        Assert.Contains(Steps(Job("ci.yml", "pipeline")), s => Get(s, "uses")?.StartsWith("actions/cache") == true);
    }

    [Fact]
    public void The_sign_job_builds_and_runs_nothing_from_the_patched_tree_and_checks_what_it_takes_by_digest()
    {
        var build = new Build();
        var graph = TargetGraph.From(build);
        var (_, args) = BuildCommandCheck.FindCalls(Texts["release.yml"]).Single(c => c.Args.Contains("Sign"));
        var request = CommandLine.Parse(args, ParameterSet.Of(typeof(Build)), graph);
        var runs = ExecutionPlan.Create(graph, request.Targets.Select(t => graph.Find(t)!))
            .Select(t => t.Name).Except(request.Skip).ToList();
        Assert.Equal(["CompareBuilds", "Sign"], runs.Intersect(["CompareBuilds", "Sign"]));
        Assert.Equal("artifacts/witness-dist", args[args.ToList().IndexOf("--witness-dist") + 1]);
        Assert.Empty(runs.Intersect(["Patch", "Toolchain", "Compile", "Package", "Abi", "Compat", "Test"]));

        var sign = Steps(Job("release.yml", "sign")).Select(s => s.ToString()).ToList();
        var download = sign.FindIndex(s => s.Contains("actions/download-artifact") && s.Contains("proved-dist"));
        var check = sign.FindIndex(s => s.Contains("needs.build.outputs.proved_dist_sha256"));
        var signing = sign.FindIndex(s => s.Contains("./build.sh CompareBuilds Sign"));
        Assert.True(download >= 0 && download < check && check < signing, "the proved dist is downloaded and checked before Sign runs");
        var witness = sign.FindIndex(s => s.Contains("needs.witness.outputs.witness_dist_sha256"));
        Assert.True(witness >= 0 && witness < signing, "the witness's dist is checked by its digest before CompareBuilds runs");
    }

    /// <summary>The digest steps themselves, run by sh as a job runs them: the same bits pass, one changed byte stops the job.</summary>
    [Fact]
    public async Task A_dist_changed_between_jobs_stops_the_job_that_takes_it()
    {
        var root = Directory.CreateTempSubdirectory("artifact-digest-");
        try
        {
            var artifact = new WorkflowArtifact("proved-dist", "build", "out/dist", "in/dist");
            var from = Path.Combine(root.FullName, "out", "dist");
            Directory.CreateDirectory(Path.Combine(from, "sub"));
            await File.WriteAllTextAsync(Path.Combine(from, "openh264.tar.gz"), "library");
            await File.WriteAllTextAsync(Path.Combine(from, "sub", ".hidden"), "hidden");
            var output = Path.Combine(root.FullName, "github-output");
            await File.WriteAllTextAsync(output, "");

            var give = ArtifactSteps.Give(artifact, "digest").First()["run"].ToString()!;
            Assert.Equal(0, (await Sh(root.FullName, give, output)).ExitCode);
            var recorded = (await File.ReadAllTextAsync(output)).Trim().Split('=')[1];
            Assert.Matches("^[0-9a-f]{64}$", recorded);

            CopyFolder(from, Path.Combine(root.FullName, "in", "dist"));
            var take = ArtifactSteps.Take(artifact).Last()["run"].ToString()!
                .Replace($"${{{{ needs.build.outputs.{artifact.OutputName} }}}}", recorded);
            Assert.Equal(0, (await Sh(root.FullName, take, output)).ExitCode);

            await File.WriteAllTextAsync(Path.Combine(root.FullName, "in", "dist", "sub", ".hidden"), "changed");
            var changed = await Sh(root.FullName, take, output);
            Assert.NotEqual(0, changed.ExitCode);
            Assert.Contains("::error::proved-dist is not what build proved", changed.StandardOutput);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task<BufferedCommandResult> Sh(string directory, string script, string githubOutput) =>
        await Cli.Wrap("sh").WithArguments(["-e", "-c", script]).WithWorkingDirectory(directory)
            .WithEnvironmentVariables(e => e.Set("GITHUB_OUTPUT", githubOutput))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

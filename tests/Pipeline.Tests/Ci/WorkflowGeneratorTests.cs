using OpenH264Build.Ci;
using OpenH264Build.Engine;
using YamlDotNet.RepresentationModel;
using static OpenH264Build.Ci.WorkflowTarget;

namespace OpenH264Build.Tests.Ci;

public class WorkflowGeneratorTests
{
    private static readonly string[] Arches = ["x86_64", "aarch64"];

    private static Workflow Release(params WorkflowTarget[] publishTargets) =>
        new("release.yml", "release", new WorkflowTriggers(PushTags: ["v*"]),
        [
            new WorkflowJob("test", "test", [Required("Test")]),
            new WorkflowJob("publish", "publish", publishTargets)
            {
                Needs = ["test"], Secrets = ["SigningKey", "GithubToken"], Privileged = false,
                Permissions = new Dictionary<string, string> { ["contents"] = "write" },
            },
        ]) { ConcurrencyGroup = "release" };

    private static Workflow Ci(string packageTarget) =>
        new("ci.yml", "ci", new WorkflowTriggers(PushBranches: ["**"], PullRequest: true),
        [
            new WorkflowJob("pipeline", "pipeline", [Required(packageTarget)])
            {
                PerArch = true, UploadArtifacts = true,
                Caches = [new WorkflowCache("ccache", "artifacts/cache/ccache", [], EveryRun: true), new WorkflowCache("corpus", "artifacts/cache/corpus", ["bench/**"])],
            },
        ]);

    private static (string Text, WorkflowGenerator Generator) Generate(NukeBuild build, Workflow workflow)
    {
        var generator = new WorkflowGenerator(TargetGraph.From(build), ParameterSet.Of(build.GetType()), Arches);
        return (generator.Generate(workflow), generator);
    }

    private static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    [Fact]
    public void A_renamed_target_changes_the_generated_file()
    {
        var (before, _) = Generate(new CiSampleBuild(), Ci(nameof(CiSampleBuild.Package)));
        var (after, _) = Generate(new RenamedSampleBuild(), Ci(nameof(RenamedSampleBuild.Pack)));
        Assert.Contains("./build.sh Package --arch ${{ matrix.arch }}", before);
        Assert.Contains("./build.sh Pack --arch ${{ matrix.arch }}", after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void A_target_the_build_does_not_declare_is_an_error_naming_it()
    {
        var e = Assert.Throws<BuildConfigurationException>(() => Generate(new RenamedSampleBuild(), Ci("Package")));
        Assert.Contains("'Package'", e.Message);
        Assert.Contains("Did you mean 'Pack'?", e.Message);
    }

    [Fact]
    public void A_target_named_when_declared_is_left_out_until_it_is_declared()
    {
        var (text, generator) = Generate(new CiSampleBuild(), Release(Required("Package"), WhenDeclared("Publish")));
        Assert.Contains("./build.sh Package\n", text);
        Assert.Equal(["release.yml: publish: Publish"], generator.LeftOut);
    }

    [Fact]
    public void Per_arch_jobs_run_a_matrix_of_every_arch_and_upload_artifacts_even_on_failure()
    {
        var root = Parse(Generate(new CiSampleBuild(), Ci("Package")).Text);
        var job = At(root, "jobs", "pipeline");
        Assert.Equal(Arches, ((YamlSequenceNode)At(job, "strategy", "matrix", "arch")).Select(n => n.ToString()));
        Assert.Equal("false", At(job, "strategy", "fail-fast").ToString());
        var steps = ((YamlSequenceNode)At(job, "steps")).Cast<YamlMappingNode>().ToList();
        var upload = steps.Single(s => s.Children.TryGetValue(new YamlScalarNode("uses"), out var u) && u.ToString().StartsWith("actions/upload-artifact"));
        Assert.Equal("always()", At(upload, "if").ToString());
        var ccache = steps.Single(s => At(s, "name").ToString() == "Cache ccache");
        Assert.Equal("ccache-${{ matrix.arch }}-${{ github.sha }}", At(ccache, "with", "key").ToString());
        var corpus = steps.Single(s => At(s, "name").ToString() == "Cache corpus");
        Assert.Equal("corpus-${{ matrix.arch }}-${{ hashFiles('bench/**') }}", At(corpus, "with", "key").ToString());
    }

    [Fact]
    public void Secrets_reach_only_the_build_step_of_the_publishing_job_by_the_variables_the_parameters_read()
    {
        var root = Parse(Generate(new CiSampleBuild(), Release(Required("Package"))).Text);
        var jobEnv = (YamlMappingNode)At(root, "jobs", "publish", "env");
        Assert.Equal("${{ github.repository }}", At(jobEnv, "REPOSITORY").ToString());
        Assert.Single(jobEnv.Children);
        var steps = ((YamlSequenceNode)At(root, "jobs", "publish", "steps")).Cast<YamlMappingNode>().ToList();
        var withEnv = steps.Where(s => s.Children.ContainsKey(new YamlScalarNode("env"))).ToList();
        var publishEnv = (YamlMappingNode)At(Assert.Single(withEnv), "env");
        Assert.Contains("./build.sh Package", At(withEnv[0], "run").ToString());
        Assert.Equal("${{ secrets.SIGNING_KEY }}", At(publishEnv, "SIGNING_KEY").ToString());
        Assert.Equal("${{ secrets.GITHUB_TOKEN }}", At(publishEnv, "GITHUB_TOKEN").ToString());
        Assert.Equal(2, publishEnv.Children.Count);

        var testEnv = (YamlMappingNode)At(root, "jobs", "test", "env");
        Assert.DoesNotContain(testEnv.Children.Keys, k => k.ToString() is "SIGNING_KEY" or "GITHUB_TOKEN");
    }

    [Fact]
    public void Only_the_publishing_job_may_write_and_two_tags_never_publish_at_once()
    {
        var root = Parse(Generate(new CiSampleBuild(), Release(Required("Package"))).Text);
        Assert.Empty((YamlMappingNode)At(root, "permissions"));
        Assert.Equal("write", At(root, "jobs", "publish", "permissions", "contents").ToString());
        Assert.Equal("read", At(root, "jobs", "test", "permissions", "contents").ToString());
        Assert.Equal("release", At(root, "concurrency", "group").ToString());
        Assert.Equal("false", At(root, "concurrency", "cancel-in-progress").ToString());
        Assert.Equal("v*", ((YamlSequenceNode)At(root, "on", "push", "tags")).Single().ToString());
    }

    [Fact]
    public void A_job_with_secrets_or_an_environment_may_not_restore_a_cache()
    {
        var cache = new WorkflowCache("ccache", "artifacts/cache/ccache", [], EveryRun: true);
        var withSecret = Release(Required("Package")) with { Jobs = [new WorkflowJob("publish", "publish", [Required("Package")]) { Secrets = ["SigningKey"], Caches = [cache] }] };
        Assert.Contains("restores caches (ccache)", Assert.Throws<BuildConfigurationException>(() => Generate(new CiSampleBuild(), withSecret)).Message);
        var withEnvironment = withSecret with { Jobs = [new WorkflowJob("publish", "publish", [Required("Package")]) { Environment = "release", Caches = [cache] }] };
        Assert.Throws<BuildConfigurationException>(() => Generate(new CiSampleBuild(), withEnvironment));
        var notASecret = withSecret with { Jobs = [new WorkflowJob("publish", "publish", [Required("Package")]) { Secrets = ["Repository"] }] };
        Assert.Contains("'Repository', which is not a secret parameter", Assert.Throws<BuildConfigurationException>(() => Generate(new CiSampleBuild(), notASecret)).Message);
    }

    [Fact]
    public void A_job_with_secrets_may_not_run_privileged_nor_a_target_that_builds_the_patched_tree()
    {
        var generator = new WorkflowGenerator(TargetGraph.From(new CiSampleBuild()), ParameterSet.Of(typeof(CiSampleBuild)), Arches,
            "debian:bookworm", untrustedTargets: ["Compile"]);
        WorkflowJob Publish(string target) => new("publish", "publish", [Required(target)]) { Secrets = ["SigningKey"], Privileged = false };
        Workflow With(WorkflowJob job) => Release() with { Jobs = [job] };

        var privileged = With(Publish("Test") with { Privileged = true });
        Assert.Contains("runs privileged", Assert.Throws<BuildConfigurationException>(() => generator.Generate(privileged)).Message);
        // Package is trusted here, but it depends on Compile, which the job would run.
        var building = Assert.Throws<BuildConfigurationException>(() => generator.Generate(With(Publish("Package"))));
        Assert.Contains("runs Compile, which build or run code from the patched tree", building.Message);
        var skipping = generator.Generate(With(Publish("Package") with { Skip = ["Compile"] }));
        Assert.Contains("./build.sh Package --skip Compile", skipping);
        Assert.DoesNotContain("--privileged", skipping);
    }

    [Fact]
    public void The_same_build_generates_the_same_text()
    {
        Assert.Equal(Generate(new CiSampleBuild(), Ci("Package")).Text, Generate(new CiSampleBuild(), Ci("Package")).Text);
    }
}

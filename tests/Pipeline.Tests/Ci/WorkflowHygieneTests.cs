using System.Text.RegularExpressions;
using OpenH264Build.Ci;
using OpenH264Build.Engine;
using YamlDotNet.RepresentationModel;

namespace OpenH264Build.Tests.Ci;

/// <summary>
/// The generated workflows as a supply-chain reviewer reads them: every action pinned to a commit from the one table,
/// secrets only in the one step that needs them, no token left in the checkout, the secret-holding jobs unprivileged
/// and building nothing, and caches keyed by everything they are made from.
/// </summary>
public class WorkflowHygieneTests
{
    private static readonly IReadOnlyDictionary<string, string> Texts = new Build().GenerateWorkflowTexts(out _);

    private static IEnumerable<(string File, string Id, YamlMappingNode Job)> AllJobs() =>
        from text in Texts
        let root = Parse(text.Value)
        from job in ((YamlMappingNode)root["jobs"]).Children
        select (text.Key, job.Key.ToString(), (YamlMappingNode)job.Value);

    private static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IReadOnlyList<YamlMappingNode> Steps(YamlMappingNode job) => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>().ToList();

    private static YamlNode? Get(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    [Fact]
    public void Every_action_is_pinned_to_a_full_commit_from_the_table_with_its_tag_as_a_comment()
    {
        var lines = Texts.Values.SelectMany(t => t.Split('\n')).Where(l => l.TrimStart().StartsWith("uses:") || l.Contains("- uses:")).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var match = Regex.Match(line, @"uses: (?<repository>[\w.-]+/[\w.-]+)@(?<commit>[0-9a-f]{40}) # (?<tag>v\d+\.\d+\.\d+)$");
            Assert.True(match.Success, $"not pinned to a commit with its tag: {line.Trim()}");
            Assert.Contains(new PinnedAction(match.Groups["repository"].Value, match.Groups["tag"].Value, match.Groups["commit"].Value), PinnedActions.All);
        }
        var used = AllJobs().SelectMany(j => Steps(j.Job)).Select(s => Get(s, "uses")?.ToString()).OfType<string>().ToHashSet();
        Assert.All(PinnedActions.All, a => Assert.Contains(a.Uses, used));
    }

    [Fact]
    public void Secrets_sit_only_in_the_env_of_the_one_step_that_runs_the_build()
    {
        foreach (var (file, id, job) in AllJobs())
        {
            var withSecrets = Steps(job).Where(s => s.ToString().Contains("secrets.")).ToList();
            Assert.True(withSecrets.Count <= 1, $"{file}: {id} gives secrets to {withSecrets.Count} steps");
            foreach (var step in withSecrets)
            {
                Assert.Contains("./build.sh", Get(step, "run")?.ToString());
                Assert.DoesNotContain("secrets.", Get(step, "run")?.ToString());
            }
            var stepSecrets = withSecrets.Sum(s => Regex.Matches(Get(s, "env")?.ToString() ?? "", @"secrets\.").Count);
            Assert.True(Regex.Matches(job.ToString(), @"secrets\.").Count == stepSecrets, $"{file}: {id} names a secret outside its build step's env");
        }
        Assert.Contains(AllJobs(), j => j.Job.ToString().Contains("secrets.SIGNING_KEY"));
    }

    [Fact]
    public void Every_checkout_leaves_no_credentials_in_the_repository()
    {
        var checkouts = AllJobs().SelectMany(j => Steps(j.Job)).Where(s => Get(s, "uses")?.ToString() == PinnedActions.Checkout.Uses).ToList();
        Assert.Equal(AllJobs().Count(), checkouts.Count);
        Assert.All(checkouts, c => Assert.Equal("false", Get((YamlMappingNode)c["with"], "persist-credentials")?.ToString()));
    }

    [Fact]
    public void Jobs_with_secrets_run_unprivileged_and_no_target_that_builds_or_runs_the_patched_tree()
    {
        var graph = TargetGraph.From(new Build());
        var secretJobs = AllJobs().Where(j => j.Job.ToString().Contains("secrets.") || Get(j.Job, "environment") is not null).ToList();
        Assert.Equal(["sign", "publish"], secretJobs.Select(j => j.Id));
        foreach (var (file, id, job) in secretJobs)
        {
            Assert.Null(Get((YamlMappingNode)job["container"], "options"));
            var calls = Steps(job).Select(s => Get(s, "run")?.ToString() ?? "").Where(r => r.StartsWith("./build.sh ")).ToList();
            Assert.NotEmpty(calls);
            foreach (var call in calls)
            {
                var request = CommandLine.Parse(call["./build.sh ".Length..].Split(' '), ParameterSet.Of(typeof(Build)), graph);
                var runs = ExecutionPlan.Create(graph, request.Targets.Select(t => graph.Find(t)!)).Select(t => t.Name).Except(request.Skip);
                Assert.Empty(runs.Intersect(Build.UntrustedTargets));
            }
        }
    }

    [Fact]
    public void The_images_cache_is_keyed_by_every_image_recipe_and_the_ccache_is_its_archive_folder()
    {
        var recipes = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "native"), "Dockerfile", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepositoryPaths.Root, Path.GetDirectoryName(f)!).Replace('\\', '/') + "/**").ToList();
        Assert.Contains("native/sandbox/**", recipes);
        var pipeline = AllJobs().Single(j => j.File == "ci.yml" && j.Id == "pipeline").Job;
        var images = (YamlMappingNode)Steps(pipeline).Single(s => Get(s, "name")?.ToString() == "Cache images")["with"];
        Assert.All(recipes, r => Assert.Contains($"'{r}'", images["key"].ToString()));
        var ccache = (YamlMappingNode)Steps(pipeline).Single(s => Get(s, "name")?.ToString() == "Cache ccache")["with"];
        Assert.Equal("artifacts/cache/ccache-archive", ccache["path"].ToString());
    }
}

using OpenH264Build.Ci;
using OpenH264Build.Signing;
using OpenH264Build.Tests.Signing;
using OpenH264Build.Tests.Spine;
using YamlDotNet.RepresentationModel;

namespace OpenH264Build.Tests.Ci;

/// <summary>
/// No upload of any generated workflow takes key material: after a real run that makes the development keys (Package
/// makes the apt repository's GnuPG key, Sign the minisign key), each upload step's path globs are applied to the tree
/// and every file they take is scanned, decoded, for private keys of every kind and for the run's own key bytes.
/// </summary>
public sealed class UploadedArtifactsTests : IAsyncLifetime
{
    private TestTree _tree = null!;

    public async Task InitializeAsync() => _tree = await TestTree.CreateAsync();

    public Task DisposeAsync()
    {
        _tree.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task No_upload_step_of_any_workflow_takes_key_material_after_a_run_that_made_the_development_keys()
    {
        var run = await _tree.BuildAsync("Sign", "--arch", "x86_64");
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);

        // The run made both keys, and the scanner sees them where they are kept.
        var keys = Path.Combine(_tree.Root, ".development-keys");
        var kept = Files(keys).SelectMany(f => KeyMaterial.Find(f, File.ReadAllBytes(f))).ToList();
        Assert.Contains(kept, k => k.Contains("minisign secret key"));
        Assert.Contains(kept, k => k.Contains("private-keys-v1.d"));
        var keyLine = File.ReadAllText(Path.Combine(keys, DevelopmentKey.SecretKeyFileName)).Split('\n')[1];

        var uploads = UploadSteps().ToList();
        Assert.Contains(uploads, u => u.Path == WorkflowGenerator.UploadedArtifacts);
        foreach (var (step, path) in uploads)
        {
            var taken = UploadGlobs.Take(_tree.Root, path).Select(f => (f, File.ReadAllBytes(Path.Combine(_tree.Root, f)))).ToList();
            var found = taken.SelectMany(t => KeyMaterial.Find(t.f, t.Item2))
                .Concat(SecretSearch.Find(taken, [keyLine, keyLine[..40], keyLine[^40..]])).ToList();
            Assert.True(found.Count == 0, $"{step} uploads key material: {string.Join("; ", found)}");
        }
        var everything = UploadGlobs.Take(_tree.Root, WorkflowGenerator.UploadedArtifacts);
        Assert.Contains(everything, f => f.StartsWith("artifacts/logs/"));
        Assert.Contains(everything, f => f.EndsWith(".minisig"));
    }

    /// <summary>Each step of each workflow in the tree that uploads an artifact, and its path input.</summary>
    private IEnumerable<(string Step, string Path)> UploadSteps()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_tree.Root, ".github", "workflows"), "*.yml").Order())
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var jobs = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["jobs"];
            foreach (var (id, job) in jobs.Children)
            foreach (var step in ((YamlSequenceNode)((YamlMappingNode)job)["steps"]).Cast<YamlMappingNode>())
                if (step.Children.TryGetValue(new YamlScalarNode("uses"), out var uses)
                    && uses.ToString().StartsWith(PinnedActions.UploadArtifact.Repository + "@"))
                    yield return ($"{Path.GetFileName(file)}: {id}: {step["name"]}", ((YamlMappingNode)step["with"])["path"].ToString());
        }
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];
}

using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Docker.DotNet.Models;
using OpenH264Build.Compilation;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// The pipeline where CI runs it: the checkout at a path the engine cannot see (a private mount namespace with the
/// tree at /__w/p/p and private tmpfs over /tmp and $HOME, as a GitHub job container), and an engine that is not
/// the machine's (DOCKER_HOST at a second dockerd on loopback TCP). Both end with a dist that Verify accepts, and no
/// container of either run had a bind mount. One arch keeps them short; the soak stays in, since a dist verifies only
/// with it (the release policy). The second engine gets the compiler cache as a CI runner brings it (an archive).
/// </summary>
[Collection(SecondEngine.Collection)]
public sealed class CiTopologyTests
{
    private static readonly string[] QuickRun = ["--arch", "x86_64"];

    [Fact]
    public async Task The_pipeline_passes_with_the_checkout_at_a_path_the_engine_cannot_see_and_mounts_no_host_path()
    {
        Assert.True(Environment.IsPrivilegedProcess, "a private mount namespace needs root");
        using var tree = await FreshCompileTreeAsync();
        NeverDecodedLibrary(tree);
        using var engine = await DockerEngine.ConnectAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), default);
        var watch = await ContainerWatch.StartAsync(engine);
        var madeWorkspace = !Directory.Exists("/__w");

        var run = await InPrivateNamespaceAsync(tree, QuickRun);
        var (_, inspected) = await watch.StopAsync();
        if (madeWorkspace) Directory.Delete("/__w");

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        // Other runs share this engine: their containers may mount their own folders, never this run's.
        var ours = inspected.Where(c => c.Mounts.Any(m => m.Name?.StartsWith("openh264-", StringComparison.Ordinal) == true)).ToList();
        Assert.Contains(ours, c => c.Mounts.Any(m => m.Name == "openh264-ccache-x86_64"));
        Assert.Contains(ours, c => c.Config.Labels.ContainsKey("openh264-build.sandbox"));
        Assert.DoesNotContain(inspected, c => c.Mounts.Any(m => m.Type == "bind"
            && new[] { tree.Root, "/__w", RepositoryPaths.Root }.Any(root => m.Source.StartsWith(root, StringComparison.Ordinal))));
        await AssertDistVerifiesAsync(tree);
    }

    [Fact]
    public async Task The_pipeline_passes_on_a_second_engine_at_DOCKER_HOST_and_mounts_no_host_path()
    {
        Assert.True(Environment.IsPrivilegedProcess, "starting a second dockerd needs root");
        using var tree = await FreshCompileTreeAsync();
        await using var second = await SecondEngine.StartAsync();
        await second.LoadAsync(ImageReferences());
        var ccacheArchive = await CcacheArchiveOfTheMachineAsync(second);
        using var engine = await DockerEngine.ConnectAsync(second.Host, default);
        var watch = await ContainerWatch.StartAsync(engine);

        var run = await tree.BuildWithAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = second.Host },
            [.. QuickRun, "--ccache-archive", ccacheArchive]);
        var (created, inspected) = await watch.StopAsync();

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains($"Docker engine", run.StandardOutput + run.StandardError);
        Assert.Contains($"filling {CcacheVolume.NameFor(TargetArch.X86_64)} from", run.StandardOutput);
        Assert.NotEqual(0, created);
        Assert.Contains(inspected, c => c.Mounts.Any(m => m.Name == "openh264-ccache-x86_64"));
        Assert.Contains(inspected, c => c.Config.Labels.ContainsKey("openh264-build.sandbox"));
        Assert.All(inspected, c => Assert.All(c.Mounts, m => Assert.NotEqual("bind", m.Type)));
        await AssertDistVerifiesAsync(tree);
    }

    /// <summary>
    /// What a CI runner brings to its engine: the compiler cache as an archive (<c>--ccache-archive</c>, imported
    /// through the API into the empty volume), here the machine engine's. Compile still runs on the second engine,
    /// with cache hits instead of a cold compile of both libraries. Returns the archive folder.
    /// </summary>
    private static async Task<string> CcacheArchiveOfTheMachineAsync(SecondEngine second)
    {
        var archive = Directory.CreateDirectory(Path.Combine(second.Root, "ccache-archive")).FullName;
        await SecondEngine.ExportMachineVolumeAsync(CcacheVolume.NameFor(TargetArch.X86_64), ImageReferences().First(),
            Path.Combine(archive, TargetArch.X86_64.Name() + ".tar"));
        return archive;
    }

    /// <summary>A test tree whose compile stage cache is its own and empty, so Compile really runs a container.</summary>
    /// <summary>
    /// The tree's series ends with a patch that compiles a string of this run into the library: no run has decoded
    /// it, so Compat starts sandboxes (an unchanged library's pictures all come from the decode cache, and the run
    /// would start none whose mounts could be checked).
    /// </summary>
    private static void NeverDecodedLibrary(TestTree tree)
    {
        const string Name = "9005-test-a-library-no-run-has-decoded.patch";
        var patches = Path.Combine(tree.Root, "native", "patches");
        File.AppendAllText(Path.Combine(patches, "series"), Name + "\n");
        File.WriteAllText(Path.Combine(patches, Name), BuildScript.NeverDecodedLibrary(Guid.NewGuid().ToString("N")));
    }

    private static async Task<TestTree> FreshCompileTreeAsync()
    {
        var tree = await TestTree.CreateAsync();
        var compile = Path.Combine(tree.Cache, "compile");
        File.Delete(compile); // the link to the checkout's shared compile cache
        Directory.CreateDirectory(compile);
        return tree;
    }

    /// <summary>
    /// ./build.sh in a private mount namespace: the tree bind-mounted at /__w/p/p (on a tmpfs of its own, so the
    /// machine's root gets at most an empty /__w), then private tmpfs over /tmp (where the tree really is) and $HOME.
    /// </summary>
    private static Task<BufferedCommandResult> InPrivateNamespaceAsync(TestTree tree, string[] args)
    {
        const string Script = """
            set -e
            mount --make-rprivate /
            mkdir -p /__w && mount -t tmpfs workspace /__w && mkdir -p /__w/p/p
            mount --bind "$1" /__w/p/p
            mount -t tmpfs private-tmp /tmp
            mount -t tmpfs private-home "$HOME"
            shift
            cd /__w/p/p
            NUKE_ROOT_DIRECTORY=/__w/p/p exec ./build.sh "$@"
            """;
        return Cli.Wrap("unshare").WithArguments(["-m", "sh", "-c", Script, "sh", tree.Root, .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8);
    }

    private static async Task AssertDistVerifiesAsync(TestTree tree)
    {
        var verify = await tree.BuildAsync("Verify", "--dist", tree.Dist, "--public-key", Path.Combine(tree.Dist, "openh264.pub"),
            "--allow-development", "--arch", "x86_64");
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
    }

    /// <summary>The base, toolchain and sandbox images of this repository's recipes, as the build names them.</summary>
    private static IEnumerable<string> ImageReferences()
    {
        var baseImage = $"{ImageNames.BaseRepository}:{BaseImageBuilder.TagFor("bookworm")}";
        var native = Path.Combine(RepositoryPaths.Root, "native");
        return [baseImage, $"{ImageNames.ToolchainRepository}:{ToolchainImageBuilder.TagFor(baseImage, Path.Combine(native, "toolchain"))}",
            $"{ImageNames.SandboxRepository}:{ToolchainImageBuilder.TagFor(baseImage, SandboxImage.RecipeDirectory(native))}"];
    }
}

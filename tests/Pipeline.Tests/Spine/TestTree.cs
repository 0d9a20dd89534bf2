using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// A private copy of the repository for one test, so that running the pipeline never touches the checkout's own
/// <c>artifacts/dist</c> and <c>artifacts/reports</c> (a release manager's signed dist stays theirs). The copy holds
/// the files git knows, as they are in the working tree (an uncommitted change is what gets tested), committed in a
/// fresh git repository, plus the build's compiled program so <c>./build.sh</c> starts without compiling.
/// Caches that are safe to share are links to the checkout's: downloads, the corpus, baselines, compiled stages and
/// ccache are content-addressed. Verdicts are not: every tree starts with none, so a check that passes here really ran.
/// </summary>
internal sealed class TestTree : IDisposable
{
    /// <summary>Shared even before the checkout has made them, so a cold first test warms them for the next.</summary>
    private static readonly string[] SharedCaches = ["downloads", "ccache", "corpus", "baseline", "images", "compile", "patched"];

    public string Root { get; }
    public string Artifacts => Path.Combine(Root, "artifacts");
    public string Dist => Path.Combine(Artifacts, "dist");
    public string Reports => Path.Combine(Artifacts, "reports");
    public string Cache => Path.Combine(Artifacts, "cache");

    private TestTree(string root) => Root = root;

    /// <summary>The run stamps of a checkout (build/Engine/RunStamp.cs): each tree keeps its own.</summary>
    const string RunStampFolder = "run-stamp";

    /// <summary>Whether a cache folder holds verdicts (kept per tree) rather than content-addressed outputs.</summary>
    public static bool IsVerdictCache(string name) => name.EndsWith("-verdict", StringComparison.Ordinal);

    public static async Task<TestTree> CreateAsync(string? source = null)
    {
        source ??= RepositoryPaths.Root;
        var tree = new TestTree(Directory.CreateTempSubdirectory("tree-").FullName);
        foreach (var relative in await TrackedFilesAsync(source))
            CopyKeepingTime(Path.Combine(source, relative), Path.Combine(tree.Root, relative));
        CopyFolder(Path.Combine(source, "build", "bin"), Path.Combine(tree.Root, "build", "bin"));
        if (Directory.Exists(Path.Combine(source, ".nuke", "temp")))
            Directory.CreateSymbolicLink(Path.Combine(tree.Root, ".nuke", "temp"), Path.Combine(source, ".nuke", "temp"));
        LinkSharedCaches(tree.Cache, Path.Combine(source, "artifacts", "cache"));
        await tree.CommitAsync(source);
        return tree;
    }

    /// <summary>The tree's ./build.sh, run in the tree as a user runs it.</summary>
    public async Task<BufferedCommandResult> BuildAsync(params string[] args) =>
        await Command(args).ExecuteBufferedAsync(Encoding.UTF8);

    /// <summary>The tree's ./build.sh with some environment variables set (null removes one).</summary>
    public async Task<BufferedCommandResult> BuildWithAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        await Command(args, environment).ExecuteBufferedAsync(Encoding.UTF8);

    /// <summary>The tree's ./build.sh, not started yet (for a test that watches it and stops it).</summary>
    public Command Command(string[] args, IReadOnlyDictionary<string, string?>? environment = null) =>
        Cli.Wrap(Path.Combine(Root, "build.sh")).WithArguments(args).WithWorkingDirectory(Root)
            .WithEnvironmentVariables(e =>
            {
                e.Set("NUKE_ROOT_DIRECTORY", Root);
                // Tests repeat a command line on purpose to see each stage reuse its cache: no run answers from its stamp,
                // except in the tests of the stamp itself, which remove this.
                e.Set(OpenH264Build.Engine.RunStamp.RerunVariable, "1");
                foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) e.Set(name, value);
            })
            .WithValidation(CommandResultValidation.None);

    /// <summary>A release manager's previous dist in the tree, which a failed or interrupted run must leave as it is; its digests.</summary>
    public Dictionary<string, string> PlacePreviousDist()
    {
        Directory.CreateDirectory(Dist);
        File.WriteAllText(Path.Combine(Dist, "openh264-2.3.1-1-linux-x86_64.tar.gz"), "the previous release");
        File.WriteAllText(Path.Combine(Dist, "SHA256SUMS"), "signed before\n");
        return Digests(Dist);
    }

    /// <summary>Each file of a folder of the tree and its sha256 (empty when the folder does not exist).</summary>
    public static Dictionary<string, string> Digests(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f), OpenH264Build.Util.Sha256.OfFile)
            : [];

    /// <summary>Makes <paramref name="cache"/> a folder of links to each shared part of <paramref name="sharedCache"/>, verdicts left out.</summary>
    public static void LinkSharedCaches(string cache, string sharedCache)
    {
        Directory.CreateDirectory(sharedCache);
        Directory.CreateDirectory(cache);
        var names = Directory.EnumerateDirectories(sharedCache).Select(Path.GetFileName).OfType<string>()
            .Concat(SharedCaches).Where(n => !IsVerdictCache(n) && !n.Contains(".partial-") && n != RunStampFolder).Distinct();
        foreach (var name in names)
        {
            Directory.CreateDirectory(Path.Combine(sharedCache, name));
            Directory.CreateSymbolicLink(Path.Combine(cache, name), Path.Combine(sharedCache, name));
        }
    }

    private static async Task<IEnumerable<string>> TrackedFilesAsync(string source)
    {
        var listed = await Cli.Wrap("git").WithArguments(["-C", source, "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
            .ExecuteBufferedAsync();
        return listed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct()
            .Where(f => File.Exists(Path.Combine(source, f))); // a file deleted in the working tree is not part of it
    }

    /// <summary>Same bytes, mode and time: build.sh compares times to decide whether the build must be compiled again.</summary>
    private static void CopyKeepingTime(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
        File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        File.SetLastWriteTimeUtc(to, File.GetLastWriteTimeUtc(from));
    }

    private static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            CopyKeepingTime(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    /// <summary>A repository of its own with one commit, dated like the checkout's HEAD so archives get the same times.</summary>
    private async Task CommitAsync(string source)
    {
        var date = await Git(source, "log", "-1", "--format=%cI");
        var environment = new Dictionary<string, string?> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date };
        await Git(Root, "init", "-q", "-b", "main");
        await Git(Root, "add", "-A");
        await Git(Root, environment, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "--no-verify", "-m", "test tree");
    }

    private static Task<string> Git(string directory, params string[] args) => Git(directory, new Dictionary<string, string?>(), args);

    private static async Task<string> Git(string directory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var result = await Cli.Wrap("git").WithArguments(["-C", directory, .. args]).WithEnvironmentVariables(environment)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {result.StandardError}");
        return result.StandardOutput.Trim();
    }

    public void Dispose()
    {
        // Links first: deleting the tree must never reach into the shared caches they point at.
        foreach (var link in Directory.Exists(Cache) ? new DirectoryInfo(Cache).GetDirectories().Where(d => d.LinkTarget is not null) : [])
            link.Delete();
        var nukeTemp = new DirectoryInfo(Path.Combine(Root, ".nuke", "temp"));
        if (nukeTemp.LinkTarget is not null) nukeTemp.Delete();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

using System.Text;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Tests.Spine;

namespace OpenH264Build.Tests.Guides;

/// <summary>
/// Runs a guide's commands as a reader types them, in a copy of the tree, with a home folder of the test's own
/// (<c>~/openh264.pub</c>, <c>~/.ssh</c>). What would build or change hosts runs as its plan: a <c>./build.sh</c>
/// command without <c>--dry-run</c>, <c>--plan</c> or <c>--help</c> gets <c>--plan</c> (Verify, which only reads,
/// runs as it is); <c>apt-get install</c> is simulated (<c>-s</c>). The guides' documentation addresses (192.0.2.x)
/// are the test's own host, so a command that contacts a host reaches only that one.
/// </summary>
internal sealed partial class GuideRunner(TestTree tree, string home, string? hostAddress)
{
    /// <summary>Each command of the guide, what ran for it, and its output.</summary>
    public List<(string Command, string AsRun, string Output)> Ran { get; } = [];

    public string AsRun(string command)
    {
        var text = hostAddress is null ? command : DocumentationAddress().Replace(command, hostAddress);
        if (text.StartsWith("./build.sh ", StringComparison.Ordinal))
        {
            text = TrailingComment().Replace(text, "");
            var changesNothing = new[] { "--dry-run", "--plan", "--help" }.Any(o => text.Split(' ').Contains(o))
                                 || text.StartsWith("./build.sh Verify ", StringComparison.Ordinal);
            return changesNothing ? text : text + " --plan";
        }
        return AptInstall().Replace(text, "apt-get install -s ");
    }

    /// <summary>Runs each command in order; every one must succeed, as it would for the reader.</summary>
    public async Task RunAllAsync(IEnumerable<string> commands)
    {
        foreach (var command in commands)
        {
            var asRun = AsRun(command);
            var result = await Cli.Wrap("bash").WithArguments(["-c", asRun]).WithWorkingDirectory(tree.Root)
                .WithEnvironmentVariables(e => e.Set("HOME", home).Set("NUKE_ROOT_DIRECTORY", tree.Root))
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(Encoding.UTF8);
            var output = result.StandardOutput + result.StandardError;
            Assert.True(result.ExitCode == 0,
                $"The guide's command\n  {command}\nran as\n  {asRun}\nexited {result.ExitCode}:\n{output}");
            Ran.Add((command, asRun, output));
        }
    }

    /// <summary>The output of the one command of the guide that <paramref name="matches"/>.</summary>
    public string OutputOf(Func<string, bool> matches) => Assert.Single(Ran, r => matches(r.Command)).Output;

    /// <summary>Writes each block that names a file into the tree, as the reader saves it; their paths.</summary>
    public IReadOnlyList<string> WriteFiles(IEnumerable<GuideBlock> blocks)
    {
        var written = new List<string>();
        foreach (var block in blocks.Where(b => b.FileName is not null))
        {
            var path = Path.Combine(tree.Root, block.FileName!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, block.Text);
            written.Add(path);
        }
        return written;
    }

    [GeneratedRegex(@"\b192\.0\.2\.\d{1,3}\b")]
    private static partial Regex DocumentationAddress();

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"\bapt-get install\s+")]
    private static partial Regex AptInstall();
}

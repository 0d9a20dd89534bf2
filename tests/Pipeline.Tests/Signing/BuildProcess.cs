using System.Text;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Signing;

/// <summary>
/// The build as ./build.sh runs it, in a process of its own, rooted in a folder of the test's (so the checkout's own
/// artifacts/ is never written): the build project's own output, with no secret inherited from the test's environment.
/// </summary>
internal static class BuildProcess
{
    public static string Program
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(RepositoryPaths.Root, "build", "bin", framework.Parent!.Name, framework.Name, "_build.dll");
        }
    }

    public static Command Command(string root, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        return Cli.Wrap("dotnet")
            .WithArguments([Program, .. arguments])
            .WithWorkingDirectory(root)
            .WithEnvironmentVariables(e =>
            {
                e.Set("NUKE_ROOT_DIRECTORY", root).Set("GITHUB_ACTIONS", null).Set("GITHUB_REPOSITORY", null).Set("GITHUB_TOKEN", null)
                    .Set("OPENH264_SIGNING_KEY", null).Set("OPENH264_REPOSITORY_KEY", null).Set("OPENH264_SIGNING_KEY_PASSWORD", null).Set("OPENH264_UPSTREAM_TOKEN", null).Set("OPENH264_GITHUB_TOKEN", null);
                foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) e.Set(name, value);
            })
            .WithValidation(CommandResultValidation.None);
    }

    public static Task<BufferedCommandResult> RunAsync(string root, params string[] arguments) =>
        Command(root, null, arguments).ExecuteBufferedAsync(Encoding.UTF8).Task;
}

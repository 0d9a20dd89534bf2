using CliWrap;
using CliWrap.Buffered;

namespace OpenH264Build.Tests.Engine;

/// <summary>
/// The compiled build (the same one ./build.sh runs) in its own process, as a user and a workflow start it, rooted
/// in a temporary folder of its own so nothing it writes (a log, workflows) lands in the repository.
/// </summary>
internal sealed class BuildProgram : IDisposable
{
    public DirectoryInfo Root { get; }

    public BuildProgram(string name)
    {
        Root = Directory.CreateTempSubdirectory(name + "-");
        Directory.CreateDirectory(Path.Combine(Root.FullName, ".nuke"));
    }

    public void Dispose() => Root.Delete(recursive: true);

    public Task<BufferedCommandResult> Run(params string[] args) => Run(new Dictionary<string, string?>(), args);

    public async Task<BufferedCommandResult> Run(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        await Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "_build.dll"), .. args])
            .WithWorkingDirectory(Root.FullName)
            .WithEnvironmentVariables(e =>
            {
                e.Set("NUKE_ROOT_DIRECTORY", Root.FullName).Set("GITHUB_ACTIONS", null);
                foreach (var (name, value) in environment) e.Set(name, value);
            })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
}

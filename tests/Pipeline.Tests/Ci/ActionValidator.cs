using CliWrap;
using CliWrap.Buffered;

namespace OpenH264Build.Tests.Ci;

/// <summary>
/// The offline GitHub Actions schema validator from npm (@action-validator/cli), installed by the test itself
/// into artifacts/tools with 'npm install --prefix' when it is not there yet, so a fresh machine works.
/// </summary>
public sealed class ActionValidator : IAsyncLifetime
{
    private const string Package = "@action-validator/cli@0.6.0";
    private static readonly string Prefix = Path.Combine(RepositoryPaths.Tools, "action-validator");
    private static string Executable => Path.Combine(Prefix, "node_modules", ".bin", "action-validator");

    // Two test classes use the validator and may start together: npm installs it once.
    private static readonly Lazy<Task> Installation = new(Install);

    public Task InitializeAsync() => Installation.Value;

    private static async Task Install()
    {
        if (File.Exists(Executable)) return;
        Directory.CreateDirectory(Prefix);
        var result = await Cli.Wrap("npm")
            .WithArguments(["install", "--prefix", Prefix, "--no-audit", "--no-fund", "--no-save", Package])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0 && File.Exists(Executable), $"npm install {Package} failed: {result.StandardError}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Validates one workflow file; the exit code and what the validator printed.</summary>
    public async Task<(int ExitCode, string Output)> Validate(string file)
    {
        var result = await Cli.Wrap(Executable)
            .WithArguments([file])
            .WithWorkingDirectory(RepositoryPaths.Root)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}

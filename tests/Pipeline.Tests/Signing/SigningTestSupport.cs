using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace OpenH264Build.Tests.Signing;

/// <summary>A folder of the test's own under the system temp folder, removed afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sign-test-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}

/// <summary>The stock minisign tool, driven as a user would.</summary>
public static class StockMinisign
{
    public static async Task<BufferedCommandResult> Run(string workingDirectory, string? stdin, params string[] args)
    {
        var command = Cli.Wrap("minisign").WithArguments(args).WithWorkingDirectory(workingDirectory).WithValidation(CommandResultValidation.None);
        if (stdin is not null) command = command.WithStandardInputPipe(PipeSource.FromString(stdin, Encoding.UTF8));
        return await command.ExecuteBufferedAsync();
    }

    /// <summary><c>minisign -G</c>: without a password (-W) or with one fed on standard input, twice as it asks.</summary>
    public static async Task GenerateKey(string folder, string publicKey, string secretKey, string? password)
    {
        var args = new List<string> { "-G", "-f", "-p", publicKey, "-s", secretKey };
        if (password is null) args.Add("-W");
        var result = await Run(folder, password is null ? null : $"{password}\n{password}\n", [.. args]);
        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
    }
}

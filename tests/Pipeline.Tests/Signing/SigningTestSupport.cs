using System.Text;
using OpenH264Build.Formats;
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

/// <summary>A dist as Package leaves it (two small tarballs), and the real build with its parameters filled as the engine would.</summary>
public sealed class DistFixture : IDisposable
{
    public TempFolder Root { get; } = new();
    public string Dist => Root.File("dist");
    public string DevelopmentKeys => Root.File("signing");
    public static readonly string[] Tarballs = ["openh264-2.6.0-1-aarch64.tar.gz", "openh264-2.6.0-1-x86_64.tar.gz"];

    public DistFixture()
    {
        Directory.CreateDirectory(Dist);
        var random = new Random(7);
        foreach (var name in Tarballs)
        {
            var bytes = new byte[4096];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(Dist, name), bytes);
        }
    }

    public string PathOf(string name) => Path.Combine(Dist, name);

    /// <summary>Each file's sha256: a dist that "stays as it was" has the same snapshot.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        Formats.Sha256Sums.ListFiles(Dist).ToDictionary(n => n, n => Formats.Sha256Sums.Digest(PathOf(n)));

    /// <summary>Fills the build's parameters from <paramref name="environment"/> through the engine's own parameter code.</summary>
    internal static Build MakeBuild(IReadOnlyDictionary<string, string> environment, params (string Option, string Value)[] commandLine)
    {
        var build = new Build();
        var parameters = OpenH264Build.Engine.ParameterSet.Of(typeof(Build));
        var cli = commandLine.ToDictionary(c => parameters.Find(c.Option)!, c => (IReadOnlyList<string>)[c.Value]);
        parameters.Apply(build, cli, n => environment.GetValueOrDefault(n), null);
        return build;
    }

    internal async Task<OpenH264Build.Signing.SignedRelease> Sign(Build build, IReadOnlyDictionary<string, string>? environment = null) =>
        await build.SignDist(Dist, DevelopmentKeys, n => environment?.GetValueOrDefault(n));

    public void Dispose() => Root.Dispose();
}

using OpenH264Build.Engine;
using OpenH264Build.Processes;
using Serilog;

namespace OpenH264Build.Host;

/// <summary>
/// dpkg architectures apt must know besides the machine's own: Debian's <c>libopenh264-7:arm64</c> is a real
/// previous aarch64 library (Abi and Compat baselines, and the tests download it), and apt only finds
/// <c>:arm64</c> packages once arm64 is a foreign architecture. Prerequisites adds it, so nothing depends on
/// another step (or another test) having done so first.
/// </summary>
public static class ForeignArchitectures
{
    public static readonly IReadOnlyList<string> Required = ["arm64"];

    /// <summary>What is missing, given the machine's own architecture and what <c>dpkg
    /// --print-foreign-architectures</c> printed.</summary>
    public static IReadOnlyList<string> Missing(string nativeArchitecture, string printedForeign)
    {
        var known = printedForeign.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Append(nativeArchitecture.Trim());
        return Required.Except(known).ToList();
    }

    /// <summary>The commands that make apt know <paramref name="missing"/>: add each architecture, then refresh the
    /// package lists once.</summary>
    public static IReadOnlyList<(string Program, string[] Arguments)> Commands(IReadOnlyList<string> missing) =>
        missing.Count == 0 ? [] : [.. missing.Select(a => ("dpkg", new[] { "--add-architecture", a })),
            ("apt-get", ["update", "-q"])];

    public static async Task EnsureAsync(bool mayInstall, CancellationToken ct)
    {
        if (!File.Exists("/etc/debian_version") || HostProgram.Which("dpkg") is null) return;
        var native = await HostProgram.ReadAsync("dpkg", ["--print-architecture"], ct);
        var foreign = await HostProgram.ReadAsync("dpkg", ["--print-foreign-architectures"], ct);
        var missing = Missing(native, foreign);
        var commands = Commands(missing);
        if (commands.Count == 0) return;
        if (!mayInstall || !Environment.IsPrivilegedProcess)
            throw new BuildFailure($"apt does not know the {string.Join(", ", missing)} architecture (needed for " +
                $"Debian's libopenh264-7:arm64). " +
                                   $"Add it with: {string.Join(" && ",
                                       commands.Select(c => $"sudo {c.Program} {string.Join(' ', c.Arguments)}"))}");
        Log.Information("Adding the foreign dpkg architecture(s) {Architectures}", string.Join(", ", missing));
        var env = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        foreach (var (program, arguments) in commands)
            await HostProgram.RunAsync(program, arguments, new() { Environment = env }, ct);
    }
}

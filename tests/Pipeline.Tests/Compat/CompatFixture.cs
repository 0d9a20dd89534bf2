using OpenH264Build.Baselines;
using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build;
using OpenH264Build.Compat;

namespace OpenH264Build.Tests.Compat;

/// <summary>
/// Real libraries and tools for the compatibility tests: Debian's libopenh264 for both arches and its headers
/// (cached between runs, being downloads), the harness compiled for both arches, broken shim libraries, and the
/// sandbox they all run in (a shim loads the real library by its path, so that file is mounted beside it).
/// </summary>
public sealed class CompatFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "compat-tests-" + Guid.NewGuid().ToString("N")[..8]);
    public static string DebianCache { get; } = Path.Combine(Path.GetTempPath(), "openh264-pipeline-tests", "debian");
    public string Include { get; private set; } = "";
    public Dictionary<TargetArch, string> Library { get; } = new();
    public Dictionary<TargetArch, string> Harness { get; } = new();
    public HarnessSandbox Sandbox { get; private set; } = null!;
    public static readonly TargetArch[] Arches = [TargetArch.X86_64, TargetArch.Aarch64];

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, ".nuke"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        // Debian's libopenh264-7:arm64 needs arm64 known to apt. Only Prerequisites (which Test depends on) adds it: a
        // fixture never changes the machine's dpkg configuration, it fails in one line naming the command instead.
        Sandbox = await HarnessSandbox.ForRepositoryAsync(RepositoryRoot, Environment.GetEnvironmentVariable("DOCKER_HOST"));
        Include = await DebianOpenH264.IncludeDirectoryAsync(DebianCache);
        foreach (var arch in Arches)
        {
            Library[arch] = await DebianOpenH264.LibraryAsync(arch, DebianCache);
            Harness[arch] = await HarnessBuilder.BuildAsync(Path.Combine(RepositoryRoot, "native", "harness"), Include, arch,
                Path.Combine(Root, "harness", arch.Name(), "h264harness"));
        }
    }

    /// <summary>Builds Fixtures/broken_shim.c around the real library of the arch (see the file for the modes).</summary>
    public async Task<string> ShimAsync(TargetArch arch, int mode, int fromFrame, int mbColumn, bool onlyOnAarch64 = false)
    {
        var output = Path.Combine(Root, "shims", $"{arch.Name()}-{mode}-{fromFrame}-{mbColumn}{(onlyOnAarch64 ? "-aarch64-only" : "")}", "libopenh264.so.7");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var source = Path.Combine(RepositoryRoot, "tests", "Pipeline.Tests", "Compat", "Fixtures", "broken_shim.c");
        var result = await Cli.Wrap(HarnessBuilder.Compiler(arch))
            .WithArguments(["-O2", "-shared", "-fPIC", "-I", Include, $"-DREAL_LIB=\"{Library[arch]}\"", $"-DBREAK={mode}",
                $"-DFROM_FRAME={fromFrame}", $"-DMB_COL={mbColumn}", .. onlyOnAarch64 ? new[] { "-DONLY_ON_AARCH64" } : [], "-o", output, source, "-ldl"])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
        return output;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition("Compat")]
public sealed class CompatCollection : ICollectionFixture<CompatFixture>;

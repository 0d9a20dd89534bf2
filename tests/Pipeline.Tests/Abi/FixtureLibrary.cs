using CliWrap;
using CliWrap.Buffered;
using OpenH264Build.Abi;
using OpenH264Build.Elf;
using OpenH264Build.Host;

namespace OpenH264Build.Tests.Abi;

/// <summary>
/// Builds a small real C library the way the pipeline ships one: compiled with -g, the debug info split into
/// a .debug file with objcopy, the .so stripped with a .gnu_debuglink, and its public header in its own folder.
/// </summary>
public static class FixtureLibrary
{
    /// <summary>The public API of the fixtures: two structs shaped after OpenH264's and three functions.</summary>
    public const string Header = """
        typedef struct { int iThreadCount; int eEcActiveIdc; } SDecodingParam;
        typedef struct { int iBufferStatus; unsigned long long uiInBsTimeStamp; } SBufferInfo;
        int FxDecode(const SDecodingParam *param, SBufferInfo *info);
        int FxGetVersion(void);
        int FxFlush(void);
        """;

    /// <summary>The implementation, with an internal struct that crosses an exported (but not public) function.</summary>
    public const string Source = """
        #include <stdlib.h>
        #include "fx_api.h"
        struct fx_state { int frames; };
        static struct fx_state state;
        int fx_internal_step(struct fx_state *s) { return ++s->frames; }
        int FxDecode(const SDecodingParam *param, SBufferInfo *info) { info->iBufferStatus = param->iThreadCount; return fx_internal_step(&state); }
        int FxGetVersion(void) { return 1; }
        int FxFlush(void) { return getenv("FX_TRACE") != 0; }
        """;

    public static async Task<NativeBuildOutput> BuildAsync(string directory, string header = Header, string source = Source,
        TargetArch arch = TargetArch.X86_64, string soname = "libfx.so.1", params string[] extraFlags)
    {
        var include = Path.Combine(directory, "include", "fx");
        Directory.CreateDirectory(include);
        await File.WriteAllTextAsync(Path.Combine(include, "fx_api.h"), header);
        var sourceFile = Path.Combine(directory, "fx.c");
        await File.WriteAllTextAsync(sourceFile, source);

        var prefix = arch == TargetArch.X86_64 ? "" : "aarch64-linux-gnu-";
        var library = Path.Combine(directory, "libfx.so.1.0.0");
        await Run(prefix + "gcc", ["-g", "-O1", "-fPIC", "-shared", "-Wl,-z,relro,-z,now", $"-Wl,-soname,{soname}", "-I", include, "-o", library, sourceFile, .. extraFlags]);
        var debug = library + ".debug";
        await Run(prefix + "objcopy", ["--only-keep-debug", library, debug]);
        await Run(prefix + "objcopy", ["--strip-debug", "--strip-unneeded", $"--add-gnu-debuglink={debug}", library]);
        return new NativeBuildOutput(library, debug, include);
    }

    private static async Task Run(string tool, string[] args)
    {
        var result = await Cli.Wrap(tool).WithArguments(args).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {result.StandardError}");
    }
}

/// <summary>A temp folder of its own for each test.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "abi-tests-" + Guid.NewGuid().ToString("N")[..10]);
    public TempFolder() => Directory.CreateDirectory(Path);
    public string Sub(string name) { var p = System.IO.Path.Combine(Path, name); Directory.CreateDirectory(p); return p; }
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}

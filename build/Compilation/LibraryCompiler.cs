using OpenH264Build.Archives;
using OpenH264Build.Caching;
using OpenH264Build.Containers;
using OpenH264Build.Host;
using OpenH264Build.Util;
using Serilog;

namespace OpenH264Build.Compilation;

/// <summary>
/// Compiles the patched tree for one architecture in a network-less toolchain container (see
/// native/toolchain/compile-openh264.sh). The output is content-addressed by the patched tree, the toolchain image,
/// the architecture and the harness source: an unchanged input is never recompiled, and a changed one recompiles
/// through a per-architecture ccache volume (<see cref="CcacheVolume"/>), so a small patch costs little.
/// </summary>
public sealed class LibraryCompiler(DockerEngine engine, StageCache cache, string toolchainImage,
    string toolchainImageId, string compileScript,
    string? ccacheArchive = null)
{
    public const string Stage = "compile";

    public CcacheVolume Ccache(TargetArch arch) =>
        new(engine, arch, toolchainImage, ccacheArchive, Path.Combine(cache.Root, "ccache", arch.Name()));

    public static string KeyFor(TargetArch arch, string patchedTreeKey, string toolchainImageId, string compileScript,
        string? harnessDirectory) =>
        Sha256.OfParts(("arch", arch.Name()), ("tree", patchedTreeKey), ("image", toolchainImageId), ("script",
            Sha256.OfFile(compileScript)),
            ("harness", harnessDirectory is null ? "" : Sha256.OfDirectory(harnessDirectory)));

    /// <summary>The tree as one tar, unpacked by the compile script: the engine wrote its 2,000 files one by one
    /// in about 0.5 s, a quarter of a one-file patch's compile, and one file of the same bytes in a few
    /// milliseconds.</summary>
    static byte[] TreeArchive(string tree)
    {
        using var archive = new MemoryStream();
        TarWriter.Write(archive, TarWriter.EntriesOf(tree), ownerId: ContainerJob.BuildUserId);
        return archive.ToArray();
    }

    public async Task<CompiledLibrary> CompileAsync(TargetArch arch, string patchedTree, string patchedTreeKey,
        string? harnessDirectory, int jobs, CancellationToken ct)
    {
        var key = KeyFor(arch, patchedTreeKey, toolchainImageId, compileScript, harnessDirectory);
        var (path, hit) = await cache.GetOrCreateAsync(Stage, $"{arch.Name()}-{key[..20]}", async output =>
        {
            var inputs = new List<TarEntrySource> { TarEntrySource.File("compile-openh264.sh", compileScript,
                0b111_101_101), TarEntrySource.Bytes("src.tar", TreeArchive(patchedTree)) };
            if (harnessDirectory is not null)
            {
                inputs.Add(TarEntrySource.Directory("harness"));
                inputs.AddRange(TarWriter.EntriesOf(harnessDirectory, "harness/"));
            }
            var ccache = await Ccache(arch).PrepareAsync(ct);
            var started = DateTime.UtcNow;
            Log.Information("Compiling for {Arch} in {Image} ({Jobs} jobs)", arch.Name(), toolchainImage, jobs);
            await new ContainerJob(engine).RunAsync(new ContainerJobSpec(
                    Name: $"compile-{arch.Name()}",
                    Image: toolchainImage,
                    Command: ["sh", $"{ContainerJob.WorkDirectory}/compile-openh264.sh", arch.Name(), jobs.ToString()],
                    Inputs: inputs,
                    OutputPath: "/job/out",
                    Volumes: new Dictionary<string, string> { [ccache] = CcacheVolume.MountPoint },
                    Scratch: "/job/src"),
                output,
                line => { if (line.StartsWith("build tree: ") || (line.StartsWith("ccache: ")
                    && line.Contains("Hits"))) Log.Information("{Arch} {Line}", arch.Name(), line); },
                ct);
            Log.Information("Compiled {Arch} in {Seconds:0.0} s", arch.Name(),
                (DateTime.UtcNow - started).TotalSeconds);
        });
        if (hit) Log.Information("{Arch}: unchanged inputs, reusing the compiled library", arch.Name());
        return new CompiledLibrary(arch, path, key);
    }
}

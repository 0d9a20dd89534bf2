using OpenH264Build.Abi;
using OpenH264Build.Compilation;
using OpenH264Build.Patching;

namespace OpenH264Build;

partial class Build
{
    string HarnessDirectory => Path.Combine(NativeDirectory, "harness");
    static string CompileScript => Path.Combine(NativeDirectory, "compile", "compile-openh264.sh");

    async Task CompileLibraries()
    {
        var compiler = new LibraryCompiler(await DockerAsync(), Cache, ToolchainImage!, ToolchainImageId!, CompileScript);
        var harness = Directory.Exists(HarnessDirectory) ? HarnessDirectory : null;
        // One architecture after the other: each compile already uses every core.
        foreach (var arch in Arch.Distinct())
            Libraries[arch] = await Reporting.Progress.Step(nameof(Compile), arch.Name(),
                () => compiler.CompileAsync(arch, PatchedSource!.Directory, PatchedSource.Key, harness, Jobs, CancellationToken));
    }

    readonly Dictionary<TargetArch, CompiledLibrary> UpstreamLibraries = [];

    /// <summary>
    /// The default baseline of Abi and Compat: the unpatched upstream source built by this same pipeline (same
    /// image, same flags, with debug info), which isolates exactly what the patches change. Built on demand; the
    /// shared ccache makes it cheap, since only the patched files differ.
    /// </summary>
    async Task<CompiledLibrary> UnpatchedUpstreamLibraryAsync(TargetArch arch)
    {
        if (UpstreamLibraries.TryGetValue(arch, out var known)) return known;
        SourceTarball ??= await new Source.SourceFetcher(Pin, Path.Combine(CacheDirectory, "downloads")).FetchAsync(CancellationToken);
        var tree = await new PatchedTree(Cache).PrepareAsync(Pin, SourceTarball, [], CancellationToken);
        if (ToolchainImage is null) await BuildToolchainImage();
        var compiler = new LibraryCompiler(await DockerAsync(), Cache, ToolchainImage!, ToolchainImageId!, CompileScript);
        var harness = Directory.Exists(HarnessDirectory) ? HarnessDirectory : null;
        return UpstreamLibraries[arch] = await compiler.CompileAsync(arch, tree.Directory, tree.Key, harness, Jobs, CancellationToken);
    }

    static NativeBuildOutput AsAbiInput(CompiledLibrary library) => new(library.LibraryPath, library.DebugPath, library.HeadersDirectory);

    partial void ProvideCompiledLibrary(TargetArch arch, ref NativeBuildOutput? output)
    {
        if (Libraries.TryGetValue(arch, out var library)) output = AsAbiInput(library);
    }

    partial void ProvideUnpatchedUpstreamLibrary(TargetArch arch, ref NativeBuildOutput? output) =>
        output = AsAbiInput(UnpatchedUpstreamLibraryAsync(arch).GetAwaiter().GetResult());

    partial void ProvidePackageStem(TargetArch arch, ref string? stem) =>
        stem = Path.GetFileName(Packaging.LibraryPackager.PackageName(Version, arch))[..^".tar.gz".Length];
}

using OpenH264Build.Compilation;

namespace OpenH264Build;

partial class Build
{
    string HarnessDirectory => Path.Combine(NativeDirectory, "harness");

    async Task CompileLibraries()
    {
        var compiler = new LibraryCompiler(await DockerAsync(), Cache, ToolchainImage!, ToolchainImageId!);
        var harness = Directory.Exists(HarnessDirectory) ? HarnessDirectory : null;
        // One architecture after the other: each compile already uses every core.
        foreach (var arch in Arch.Distinct())
            Libraries[arch] = await compiler.CompileAsync(arch, PatchedSource!.Directory, PatchedSource.Key, harness, Jobs, CancellationToken);
    }
}

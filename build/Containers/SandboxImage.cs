using Docker.DotNet.Models;
using OpenH264Build.Archives;

namespace OpenH264Build.Containers;

/// <summary>The sandbox image (native/sandbox) and the versions of the tools in it that a verdict depends on.</summary>
public sealed record SandboxImage(string Reference, string Id, string Tools)
{
    public static string RecipeDirectory(string nativeDirectory) => Path.Combine(nativeDirectory, "sandbox");

    /// <summary>
    /// Builds the image once per machine from the base image (its tag is a digest of the recipe, as the toolchain's),
    /// then reads the qemu version the recipe recorded in /etc/sandbox-tools, without starting anything.
    /// </summary>
    public static async Task<SandboxImage> EnsureAsync(DockerEngine engine, string baseImage, string nativeDirectory,
        ImageArchive? archive,
        CancellationToken ct)
    {
        var (reference, id) = await new ToolchainImageBuilder(engine, archive, ImageNames.SandboxRepository)
            .EnsureAsync(baseImage, RecipeDirectory(nativeDirectory), ct);
        return new SandboxImage(reference, id, await ReadToolsAsync(engine, reference, ct));
    }

    /// <summary>Read through a never-started container of the image, made where every container is made.</summary>
    private static Task<string> ReadToolsAsync(DockerEngine engine, string reference, CancellationToken ct) =>
        IsolatedContainer.UseAsync(engine, IsolatedContainer.Parameters("openh264-build.job", "sandbox-tools",
            reference,
            ["/bin/true"], null, "/", new HostConfig(), ContainerLimits.Helper), "container", async id =>
        {
            var scratch = Path.Combine(Path.GetTempPath(), "sandbox-tools-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                var archive = await engine.Client.Containers.GetArchiveFromContainerAsync(id,
                    new GetArchiveFromContainerParameters { Path = "/etc/sandbox-tools" }, false, ct);
                await using (var stream = archive.Stream)
                    await ContainerTarReader.ExtractAsync(stream, scratch, new TarLimits("the sandbox image", 1 << 20),
                        null, ct);
                return (await File.ReadAllTextAsync(Path.Combine(scratch, "sandbox-tools"), ct)).Trim();
            }
            finally
            {
                if (Directory.Exists(scratch)) Directory.Delete(scratch, true);
            }
        }, ct);
}

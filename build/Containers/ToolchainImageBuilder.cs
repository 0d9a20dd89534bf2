using Docker.DotNet.Models;
using OpenH264Build.Archives;
using OpenH264Build.Util;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>
/// The toolchain image: the base image plus compilers, the aarch64 cross toolchain, nasm, make and ccache, from the
/// recipe folder <c>native/toolchain</c> (a Dockerfile and the scripts it copies), built through the engine's
/// image-build API with a build context tarred by SharpZipLib. Packages come from the mirror over the host's
/// network; nothing after this step has a network.
/// </summary>
/// The same recipe-folder build makes the sandbox image (native/sandbox) under its own repository name.
public sealed class ToolchainImageBuilder(DockerEngine engine, ImageArchive? archive = null,
    string repository = ImageNames.ToolchainRepository)
{
    public static string TagFor(string baseImage, string recipeDirectory) =>
        Sha256.OfParts(("base", baseImage), ("recipe", Sha256.OfDirectory(recipeDirectory)))[..16];

    /// <returns>The image reference and its id (the id goes into BUILDINFO and provenance).</returns>
    public async Task<(string Reference, string Id)> EnsureAsync(string baseImage, string recipeDirectory,
        CancellationToken ct)
    {
        var reference = $"{repository}:{TagFor(baseImage, recipeDirectory)}";
        if (await ImageNames.FindAsync(engine, reference, ct) is { } existing)
        {
            Log.Information("Toolchain image {Image} exists", reference);
            return (reference, existing);
        }

        if (archive is not null && await archive.TryLoadAsync(reference, ct)
            && await ImageNames.FindAsync(engine, reference, ct) is { } loaded)
            return (reference, loaded);

        Log.Information("Building toolchain image {Image}", reference);
        using var context = new MemoryStream();
        TarWriter.Write(context, TarWriter.EntriesOf(recipeDirectory), TarWriter.DefaultEpoch);
        context.Position = 0;
        var progress = new DockerProgress("toolchain image");
        await engine.Client.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters
            {
                Dockerfile = "Dockerfile",
                Tags = [reference],
                BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage },
                NetworkMode = "host",
                Remove = true,
                ForceRemove = true,
            },
            context, null, null, progress, ct);
        progress.ThrowIfFailed();
        var id = await ImageNames.FindAsync(engine, reference, ct)
                 ?? throw new Engine.BuildFailure($"The toolchain image build reported success but {reference} " +
                     $"does not exist");
        if (archive is not null) await archive.SaveAsync(reference, ct);
        return (reference, id);
    }
}

using Docker.DotNet.Models;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>
/// Images saved as files under a cache folder, named by their recipe-derived tag. A CI runner starts with an empty
/// engine; restoring the folder from its cache and loading the image is much cheaper than debootstrap and apt again.
/// </summary>
public sealed class ImageArchive(DockerEngine engine, string? directory)
{
    private string? PathFor(string reference) =>
        directory is null ? null : System.IO.Path.Combine(directory,
            reference.Replace('/', '_').Replace(':', '_') + ".tar");

    /// <summary>Loads the image from its saved file, when there is one; true when the image now exists.</summary>
    public async Task<bool> TryLoadAsync(string reference, CancellationToken ct)
    {
        if (PathFor(reference) is not { } file || !File.Exists(file)) return false;
        Log.Information("Loading {Image} from {File}", reference, System.IO.Path.GetFileName(file));
        await using var stream = File.OpenRead(file);
        var progress = new DockerProgress("load image");
        await engine.Client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, stream, progress, ct);
        progress.ThrowIfFailed();
        return await ImageNames.FindAsync(engine, reference, ct) is not null;
    }

    /// <summary>Saves a freshly built image for the next runner (written aside, then renamed: never half a
    /// file).</summary>
    public async Task SaveAsync(string reference, CancellationToken ct)
    {
        if (PathFor(reference) is not { } file) return;
        Directory.CreateDirectory(directory!);
        var partial = file + ".partial";
        await using (var image = await engine.Client.Images.SaveImageAsync(reference, ct))
        await using (var output = File.Create(partial))
            await image.CopyToAsync(output, ct);
        File.Move(partial, file, overwrite: true);
        Log.Information("Saved {Image} for the CI cache", reference);
    }
}

using Docker.DotNet;

namespace OpenH264Build.Containers;

/// <summary>Images are tagged with a digest of their recipe, so an image whose tag exists is never built
/// again.</summary>
public static class ImageNames
{
    public const string BaseRepository = "openh264-build/base", ToolchainRepository = "openh264-build/toolchain",
        SandboxRepository = "openh264-build/sandbox";

    public static async Task<string?> FindAsync(DockerEngine engine, string reference, CancellationToken ct)
    {
        try
        {
            var image = await engine.Client.Images.InspectImageAsync(reference, ct);
            return image.ID;
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }
}

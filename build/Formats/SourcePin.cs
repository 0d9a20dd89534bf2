using System.Text.Json;
using System.Text.Json.Serialization;
using OpenH264Build.Engine;

namespace OpenH264Build.Formats;

/// <summary>
/// Where one copy of the pinned tarball can come from: a Debian source package (its pristine .orig tarball) or a
/// plain URL. An origin may carry its own sha256 when its file differs from the pin's (a GitHub archive, say).
/// </summary>
public sealed record SourceOrigin(
    [property: JsonPropertyName("debianSource")] string? DebianSource,
    [property: JsonPropertyName("debianVersion")] string? DebianVersion,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("sha256")] string? Sha256)
{
    public override string ToString() => Url ?? $"Debian source package {DebianSource}={DebianVersion}";
}

/// <summary>The pinned upstream source, from <c>native/source.json</c>: a version, a file name and its
/// sha256.</summary>
public sealed record SourcePin(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("topDirectory")] string TopDirectory,
    [property: JsonPropertyName("origins")] IReadOnlyList<SourceOrigin> Origins)
{
    public static SourcePin Load(string path)
    {
        SourcePin? pin;
        try
        {
            pin = JsonSerializer.Deserialize<SourcePin>(System.IO.File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new BuildFailure($"{path}: cannot read the source pin ({e.Message})", path);
        }
        if (pin is null || string.IsNullOrWhiteSpace(pin.Version) || pin.Sha256 is not { Length: 64 }
            || pin.Origins is not { Count: > 0 })
            throw new BuildFailure($"{path}: the source pin needs a version, a 64-digit sha256, a file and at " +
                $"least one origin", path);
        return pin;
    }
}

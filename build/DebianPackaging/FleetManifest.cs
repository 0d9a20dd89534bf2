using System.Text.Json;
using System.Text.Json.Serialization;
using OpenH264Build.Engine;
using OpenH264Build.Formats;

namespace OpenH264Build.DebianPackaging;

/// <summary>What a host must end up with for one architecture: the library's sha256 and the smoke digests.</summary>
public sealed record FleetArchitecture(string Arch, string Library, string LibrarySha256, string LibraryDeb,
    string SmokeDeb,
    IReadOnlyList<string> SmokeDigests);

/// <summary>
/// <c>openh264-fleet.json</c> in the release folder, so covered by the minisign-signed SHA256SUMS: the Debian
/// version to install, the apt repository's origin and suite, the fingerprint of the OpenPGP key that signs it
/// (its public key ships beside, named by that fingerprint), and per Debian architecture what the rollout checks.
/// </summary>
public sealed record FleetManifest(string DebianVersion, string DistributionVersion, string Origin, string Suite,
    string RepositoryKeyFingerprint, string RepositoryKeyFile, bool DevelopmentKey,
        IReadOnlyDictionary<string, FleetArchitecture> Architectures)
{
    public const string FileName = "openh264-fleet.json";

    public static string KeyFileName(string fingerprint) => $"openh264-fleet-archive-key-{fingerprint}.asc";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Write(string folder) => File.WriteAllText(Path.Combine(folder, FileName),
        JsonSerializer.Serialize(this, Options) + "\n");

    public static FleetManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new BuildFailure($"{folder} has no {FileName}: it was not made by a build with Debian packages");
        return JsonSerializer.Deserialize<FleetManifest>(File.ReadAllText(path), Options)
               ?? throw new BuildFailure($"{path} is empty");
    }
}

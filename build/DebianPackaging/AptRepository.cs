using OpenH264Build.Processes;

namespace OpenH264Build.DebianPackaging;

/// <summary>
/// The signed apt repository the fleet installs from, made by reprepro: fixed Origin and Label (what a host's pin
/// names), one suite, both architectures, Release/InRelease signed with the repository key. The served folder holds
/// only what apt reads (dists/, pool/) and the public key; reprepro's database stays in a scratch folder.
/// </summary>
public static class AptRepository
{
    public static async Task BuildAsync(IEnumerable<string> debs, RepositoryKey key, string scratch, string outputDirectory, CancellationToken ct)
    {
        var basedir = Path.Combine(scratch, "reprepro");
        Directory.CreateDirectory(Path.Combine(basedir, "conf"));
        await File.WriteAllTextAsync(Path.Combine(basedir, "conf", "distributions"),
            $"Origin: {Origin}\nLabel: {Label}\nSuite: {Suite}\nCodename: {Suite}\nArchitectures: amd64 arm64\n" +
            $"Components: {Component}\nDescription: Patched OpenH264 for the fleet\nSignWith: {key.Fingerprint}\n", ct);
        if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
        Directory.CreateDirectory(outputDirectory);
        foreach (var deb in debs.OrderBy(d => d, StringComparer.Ordinal))
            await HostProgram.RunAsync("reprepro", ["--basedir", basedir, "--outdir", outputDirectory, "includedeb", Suite, deb],
                new() { Environment = key.Environment }, ct);
        await key.ExportPublicAsync(Path.Combine(outputDirectory, KeyringName), ct);
    }

    // What a host's apt pin and sources name.
    public const string Origin = "openh264-fleet";
    public const string Label = "openh264-fleet";
    public const string Suite = "openh264-fleet";
    public const string Component = "main";
    public const string KeyringName = "openh264-fleet-archive-keyring.asc";
}

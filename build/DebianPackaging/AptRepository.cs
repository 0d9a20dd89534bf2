using OpenH264Build.Processes;

namespace OpenH264Build.DebianPackaging;

/// <summary>
/// The apt repository the fleet installs from, made by reprepro: fixed Origin and Label (what a host's pin names),
/// one suite, both architectures. Package assembles it unsigned (the build job holds no key); Sign signs its Release
/// file (InRelease, Release.gpg) with the repository key and adds the public key. The served folder holds only what
/// apt reads (dists/, pool/) and the public key; reprepro's database stays in a scratch folder.
/// </summary>
public static class AptRepository
{
    public static async Task AssembleAsync(IEnumerable<string> debs, string scratch, string outputDirectory,
        CancellationToken ct)
    {
        var basedir = Path.Combine(scratch, "reprepro");
        Directory.CreateDirectory(Path.Combine(basedir, "conf"));
        await File.WriteAllTextAsync(Path.Combine(basedir, "conf", "distributions"),
            $"Origin: {Origin}\nLabel: {Label}\nSuite: {Suite}\nCodename: {Suite}\nArchitectures: amd64 arm64\n" +
            $"Components: {Component}\nDescription: Patched OpenH264 for the fleet\n", ct);
        if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
        Directory.CreateDirectory(outputDirectory);
        foreach (var deb in debs.OrderBy(d => d, StringComparer.Ordinal))
            await HostProgram.RunAsync("reprepro", ["--basedir", basedir, "--outdir", outputDirectory, "includedeb",
                Suite, deb], null, ct);
    }

    /// <summary>Assembles and signs in one step: what a holder of the repository key can serve (tests make such
    /// repositories).</summary>
    public static async Task BuildAsync(IEnumerable<string> debs, RepositoryKey key, string scratch,
        string outputDirectory, CancellationToken ct)
    {
        await AssembleAsync(debs, scratch, outputDirectory, ct);
        await SignAsync(outputDirectory, key, ct);
    }

    /// <summary>Sign's part: InRelease and Release.gpg over the Release file, and the public key beside them.</summary>
    public static async Task SignAsync(string repositoryDirectory, RepositoryKey key, CancellationToken ct)
    {
        var suite = Path.Combine(repositoryDirectory, "dists", Suite);
        var release = Path.Combine(suite, "Release");
        foreach (var signed in new[] { "InRelease",
            "Release.gpg" }.Select(n => Path.Combine(suite, n)).Where(File.Exists))
            File.Delete(signed);
        await key.SignAsync(["--clearsign", "--output", Path.Combine(suite, "InRelease"), release], ct);
        await key.SignAsync(["--detach-sign", "--armor", "--output", Path.Combine(suite, "Release.gpg"), release], ct);
        await key.ExportPublicAsync(Path.Combine(repositoryDirectory, KeyringName), ct);
    }

    public static string ReleaseFile(string repositoryDirectory) => Path.Combine(repositoryDirectory, "dists", Suite,
        "Release");

    // What a host's apt pin and sources name.
    public const string Origin = "openh264-fleet";
    public const string Label = "openh264-fleet";
    public const string Suite = "openh264-fleet";
    public const string Component = "main";
    public const string KeyringName = "openh264-fleet-archive-keyring.asc";
}

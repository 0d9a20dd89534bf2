using OpenH264Build.Archives;
using OpenH264Build.DebianPackaging;
using OpenH264Build.Engine;

namespace OpenH264Build.Dist;

/// <summary>
/// The digests that bind the packages to the verdicts: each tarball's archive names canonical, and for each arch the
/// fleet manifest's <c>librarySha256</c> and the library its <c>.deb</c> installs are the library the verdicts judged.
/// </summary>
public sealed partial class ReleasePolicy
{
    /// <summary>A tarball whose names are not canonical can hold a second library a checker never sees and tar -x
    /// writes.</summary>
    private static IEnumerable<string> MemberProblems(DistFolder dist) =>
        dist.Libraries.SelectMany(library => TarMemberNames.Problems(library.Members)
            .Select(p => $"{library.PackageName}: {p}"));

    /// <summary>The manifest and each arch's library package; <paramref name="signed"/> also asks for the repository
    /// key.</summary>
    private async Task<(List<string> Problems, FleetManifest? Manifest)> PackageProblemsAsync(DistFolder dist,
        bool signed, CancellationToken ct)
    {
        if (dist.File(FleetManifest.FileName) is null)
            return ([$"no {FleetManifest.FileName}: a release carries its Debian packages and their manifest " +
                $"(run Package)"], null);
        FleetManifest manifest;
        try { manifest = FleetManifest.Read(dist.Folder); }
        catch (Exception e) when (e is BuildFailure or System.Text.Json.JsonException)
        {
            return ([$"{FleetManifest.FileName} does not read as a fleet manifest: {e.Message}"], null);
        }
        var problems = signed ? RepositoryKeyProblems(dist, manifest) : [];
        foreach (var library in dist.Libraries)
            problems.AddRange(await LibraryPackageProblemsAsync(dist, manifest, library, ct));
        return (problems, manifest);
    }

    /// <summary>The repository key the manifest names: a release one (unless a lab fleet), shipped under its
    /// fingerprint.</summary>
    private List<string> RepositoryKeyProblems(DistFolder dist, FleetManifest manifest)
    {
        var problems = new List<string>();
        if (manifest.DevelopmentKey && !request.AllowDevelopment)
            problems.Add($"{FleetManifest.FileName} names a development repository key " +
                $"({manifest.RepositoryKeyFingerprint}): a release's apt " +
                         "repository is signed by the release repository key (--allow-development accepts " +
                             "it for a lab fleet)");
        if (manifest.RepositoryKeyFile != FleetManifest.KeyFileName(manifest.RepositoryKeyFingerprint)
            || manifest.RepositoryKeyFingerprint.Length == 0)
            problems.Add($"{FleetManifest.FileName} names key file '{manifest.RepositoryKeyFile}', which is not the " +
                $"file of fingerprint '{manifest.RepositoryKeyFingerprint}'");
        else if (dist.File(manifest.RepositoryKeyFile) is null)
            problems.Add($"{manifest.RepositoryKeyFile}: the repository key {FleetManifest.FileName} names is not " +
                $"in the dist");
        return problems;
    }

    /// <summary>One arch: the manifest's librarySha256, and the library its .deb installs, are the library the verdicts
    /// judged.</summary>
    private static async Task<List<string>> LibraryPackageProblemsAsync(DistFolder dist, FleetManifest manifest,
        Signing.PackagedLibrary library,
        CancellationToken ct)
    {
        var entry = manifest.Architectures.Values.FirstOrDefault(a => a.Arch == library.Arch);
        if (entry is null) return [$"{FleetManifest.FileName} has no entry for {library.Arch}, whose library " +
            $"{library.PackageName} holds"];
        var problems = new List<string>();
        if (!string.Equals(entry.LibrarySha256, library.Sha256, StringComparison.OrdinalIgnoreCase))
            problems.Add($"{FleetManifest.FileName}: librarySha256 of {library.Arch} is {entry.LibrarySha256}, but " +
                $"the verdicts judged {library.Sha256}");
        if (dist.File(entry.LibraryDeb) is not { } debFile)
            return [.. problems, $"{entry.LibraryDeb}: the package {FleetManifest.FileName} names for {library.Arch} " +
                $"is not in the dist"];
        var deb = await DebLibrary.ReadAsync(debFile.Path, ct);
        problems.AddRange(TarMemberNames.Problems(deb.Members).Select(p => $"{deb.DebName}: {p}"));
        if (deb.Problem is not null) problems.Add($"{deb.DebName}: {deb.Problem}");
        else if (deb.Sha256 != library.Sha256)
            problems.Add($"{deb.DebName} installs a library with sha256 " +
                $"{deb.Sha256 ?? "(none: no libopenh264.so.7)"}, but the verdicts judged {library.Sha256}");
        return problems;
    }
}

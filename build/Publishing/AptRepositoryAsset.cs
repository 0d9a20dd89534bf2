using OpenH264Build.Archives;
using OpenH264Build.Dist;
using OpenH264Build.Fleet;
using OpenH264Build.Util;

namespace OpenH264Build.Publishing;

/// <summary>
/// The signed apt repository as one release asset (<c>openh264-fleet-apt.tar</c>, the repository folder as it is
/// served), so an operator can serve what was released and <c>Rollout --release &lt;tag&gt;</c> can carry it to
/// hosts. It is not in SHA256SUMS and needs not be: apt checks the repository's signature by the key the signed
/// manifest names, and each host checks every .deb against the signed SHA256SUMS before installing it.
/// </summary>
public static class AptRepositoryAsset
{
    public static DistFile? Make(string? repositoryFolder)
    {
        if (repositoryFolder is null || !Directory.Exists(Path.Combine(repositoryFolder, "dists"))) return null;
        var folder = Directory.CreateTempSubdirectory("publish-apt-").FullName;
        var path = Path.Combine(folder, ReleaseDownload.AptAsset);
        using (var output = File.Create(path))
            TarWriter.Write(output, TarWriter.EntriesOf(repositoryFolder), TarWriter.DefaultEpoch);
        return new DistFile(ReleaseDownload.AptAsset, path, new FileInfo(path).Length, Sha256.OfFile(path));
    }
}

using OpenH264Build.Containers;
using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Source;

/// <summary>
/// Downloads a file of a Debian source package (here: its pristine <c>.orig</c> tarball) with <c>apt-get source
/// --download-only</c>, using a private apt configuration whose deb-src entries are derived from the machine's own
/// sources. The machine's apt configuration is not changed, and no root is needed.
/// </summary>
public sealed class DebianSourcePackage(string stateDirectory)
{
    public async Task<string> DownloadAsync(string package, string version, string fileName, string targetDirectory,
        CancellationToken ct)
    {
        var options = await PrivateAptOptionsAsync(ct);
        await HostProgram.RunAsync("apt-get", [.. options, "update"], cancellationToken: ct);

        var work = Path.Combine(stateDirectory, "download-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            await HostProgram.RunAsync("apt-get", [.. options, "source", "--download-only", $"{package}={version}"],
                new() { WorkingDirectory = work }, ct);
            var downloaded = Path.Combine(work, fileName);
            if (!File.Exists(downloaded))
                throw new BuildFailure($"apt-get source {package}={version} did not deliver {fileName}");
            Directory.CreateDirectory(targetDirectory);
            var target = Path.Combine(targetDirectory, fileName);
            File.Move(downloaded, target, overwrite: true);
            return target;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Writes the private apt state (deb-src list, lists, cache) and returns the apt-get options that use
    /// it.</summary>
    private async Task<string[]> PrivateAptOptionsAsync(CancellationToken ct)
    {
        var sources = AptSources.ReadSystem();
        if (sources.Count == 0)
            throw new BuildFailure(
                "No apt sources are configured on this machine, so the Debian source package cannot be fetched; " +
                    "add a 'url' origin to native/source.json");

        Directory.CreateDirectory(stateDirectory);
        var lists = Path.Combine(stateDirectory, "lists");
        Directory.CreateDirectory(Path.Combine(lists, "partial"));
        var parts = Path.Combine(stateDirectory, "sources.list.d");
        Directory.CreateDirectory(parts);
        var sourceList = Path.Combine(stateDirectory, "sources.list");
        await File.WriteAllTextAsync(sourceList, AptSources.ToDebSrcList(sources), ct);
        return
        [
            "-o", $"Dir::Etc::SourceList={sourceList}",
            "-o", $"Dir::Etc::SourceParts={parts}",
            "-o", $"Dir::State::Lists={lists}",
            "-o", $"Dir::Cache={Path.Combine(stateDirectory, "cache")}",
            "-o", "APT::Sandbox::User=root",
            "-o", "Debug::NoLocking=1",
            "-q",
        ];
    }
}

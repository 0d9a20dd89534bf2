using Docker.DotNet.Models;
using OpenH264Build.Archives;

namespace OpenH264Build.Containers;

/// <summary>
/// The files a sandbox reads, put into engine volumes of this run (never a host path handed to the engine) and
/// mounted read-only: everything under /sandbox in one volume (with the empty out/ folder its output tmpfs is
/// mounted on), any other path in a volume mounted at its folder (a test's shim loads a real library by its path).
/// The volumes carry the sandbox's name and are removed with it, Ctrl-C included.
/// </summary>
public sealed class SandboxInputs(IReadOnlyList<(EngineVolume Volume, string Target)> volumes)
{
    public const string Root = "/sandbox";
    public const string Label = "openh264-build.sandbox-input";

    public IList<Mount> Mounts => volumes
        .Select(v => new Mount
        {
            Type = "volume", Source = v.Volume.Name, Target = v.Target, ReadOnly = true,
            VolumeOptions = new VolumeOptions { NoCopy = true },
        })
        .ToList();

    /// <param name="files">Container path: host file.</param>
    public static async Task<SandboxInputs> CreateAsync(DockerEngine engine, string image, string sandboxName,
        IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        var made = new List<(EngineVolume, string)>();
        var inputs = new SandboxInputs(made);
        try
        {
            foreach (var group in files.GroupBy(f => MountFor(f.Key)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var volume = new EngineVolume(engine, $"openh264-input-{Guid.NewGuid():N}", image);
                made.Add((volume, group.Key));
                await volume.EnsureAsync(new Dictionary<string, string> { [Label] = sandboxName }, ct);
                await volume.PutAsync(Entries(group.Key, group), 0, ct);
            }
            return inputs;
        }
        catch
        {
            await inputs.RemoveAsync();
            throw;
        }
    }

    public async Task RemoveAsync()
    {
        foreach (var (volume, _) in volumes) await volume.RemoveAsync();
    }

    private static string MountFor(string containerPath) =>
        containerPath.StartsWith(Root + "/", StringComparison.Ordinal) ? Root : Path.GetDirectoryName(containerPath)!;

    /// <summary>Each file by its path below the mount, readable by the sandbox's user; /sandbox also has
    /// out/.</summary>
    private static IEnumerable<TarEntrySource> Entries(string mount, IEnumerable<KeyValuePair<string, string>> files)
    {
        if (mount == Root) yield return TarEntrySource.Directory("out");
        foreach (var (inside, host) in files)
        {
            var executable = (File.GetUnixFileMode(host) & UnixFileMode.UserExecute) != 0;
            var mode = executable ? 0b111_101_101 : 0b110_100_100;
            yield return TarEntrySource.File(inside[(mount.Length + 1)..], host, mode);
        }
    }
}

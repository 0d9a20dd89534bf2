using Docker.DotNet.Models;
using OpenH264Build.Archives;

namespace OpenH264Build.Containers;

/// <summary>
/// The files a sandbox reads, put into engine volumes of this run (never a host path handed to the engine) and
/// mounted read-only: everything under /sandbox in one volume (with the empty out/ folder its output tmpfs is
/// mounted on), any other path in a volume mounted at its folder (a test's shim loads a real library by its path).
/// The batch's inputs (under /sandbox/in) are links into the <see cref="SandboxInputStore"/>, which holds each stream
/// once for every sandbox. The volumes carry the sandbox's name and are removed with it, Ctrl-C included; the store
/// stays.
/// </summary>
public sealed class SandboxInputs(IReadOnlyList<(EngineVolume Volume, string Target)> volumes, bool usesStore)
{
    public const string Root = "/sandbox";
    public const string Label = "openh264-build.sandbox-input";
    private const string BatchInputs = Root + "/in/";

    public IList<Mount> Mounts => volumes
        .Select(v => new Mount
        {
            Type = "volume", Source = v.Volume.Name, Target = v.Target, ReadOnly = true,
            VolumeOptions = new VolumeOptions { NoCopy = true },
        })
        .Concat(usesStore ? [SandboxInputStore.Mount] : [])
        .ToList();

    /// <param name="files">Container path: host file.</param>
    public static async Task<SandboxInputs> CreateAsync(DockerEngine engine, string image, string sandboxName,
        IReadOnlyDictionary<string, string> files, CancellationToken ct)
    {
        var stored = files.Where(f => f.Key.StartsWith(BatchInputs, StringComparison.Ordinal)).ToList();
        var digests = stored.Count == 0 ? new Dictionary<string, string>()
            : await new SandboxInputStore(engine, image).EnsureAsync(stored.Select(f => f.Value).ToList(), ct);
        var made = new List<(EngineVolume, string)>();
        var inputs = new SandboxInputs(made, stored.Count > 0);
        try
        {
            foreach (var group in files.GroupBy(f => MountFor(f.Key)).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var volume = new EngineVolume(engine, $"openh264-input-{Guid.NewGuid():N}", image);
                made.Add((volume, group.Key));
                await volume.EnsureAsync(new Dictionary<string, string> { [Label] = sandboxName }, ct);
                await volume.PutAsync(Entries(group.Key, group, digests), 0, ct);
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

    /// <summary>Each file by its path below the mount, readable by the sandbox's user, or a link to its copy in the
    /// store; /sandbox also has out/.</summary>
    private static IEnumerable<TarEntrySource> Entries(string mount, IEnumerable<KeyValuePair<string, string>> files,
        IReadOnlyDictionary<string, string> stored)
    {
        if (mount == Root) yield return TarEntrySource.Directory("out");
        foreach (var (inside, host) in files)
        {
            if (inside.StartsWith(BatchInputs, StringComparison.Ordinal) && stored.TryGetValue(host, out var sha256))
            {
                yield return TarEntrySource.Symlink(inside[(mount.Length + 1)..],
                    SandboxInputStore.PathInSandbox(sha256));
                continue;
            }
            var executable = (File.GetUnixFileMode(host) & UnixFileMode.UserExecute) != 0;
            var mode = executable ? 0b111_101_101 : 0b110_100_100;
            yield return TarEntrySource.File(inside[(mount.Length + 1)..], host, mode);
        }
    }
}

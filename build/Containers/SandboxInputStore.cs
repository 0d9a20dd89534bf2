using Docker.DotNet.Models;
using OpenH264Build.Archives;
using OpenH264Build.Engine;

namespace OpenH264Build.Containers;

/// <summary>
/// The batch inputs of sandboxes (corpus streams, encoder input) kept by their sha256 in one engine volume that every
/// run on the engine shares, mounted read-only into each sandbox: a stream is copied to the engine once, not once per
/// sandbox and run (a soak stream is megabytes, and a Compat run starts a sandbox per library). A file is written
/// under a folder of its own and renamed into place by a helper container, so a sandbox never sees one part-written;
/// two runs that add the same file at once rename the same bytes over each other.
/// </summary>
public sealed class SandboxInputStore(DockerEngine engine, string helperImage)
{
    public const string VolumeName = "openh264-sandbox-inputs";
    public const string MountPath = "/sandbox-inputs";
    private const string Files = "files";

    // The sandboxes of one run (both sides of a Compat check) add the same streams: one at a time, the second finds
    // them there.
    private static readonly SemaphoreSlim Adding = new(1, 1);

    /// <summary>Where a sandbox finds the stored file with this sha256.</summary>
    public static string PathInSandbox(string sha256) => $"{MountPath}/{Files}/{sha256}";

    public static Mount Mount => new()
    {
        Type = "volume", Source = VolumeName, Target = MountPath, ReadOnly = true,
        VolumeOptions = new VolumeOptions { NoCopy = true },
    };

    /// <summary>Puts the files the store lacks into it; each host file's sha256.</summary>
    public async Task<IReadOnlyDictionary<string, string>> EnsureAsync(IReadOnlyCollection<string> hostFiles,
        CancellationToken ct)
    {
        var digests = hostFiles.Distinct(StringComparer.Ordinal).ToDictionary(f => f, Sha256Of);
        var volume = new EngineVolume(engine, VolumeName, helperImage);
        await Adding.WaitAsync(ct);
        try
        {
            await volume.EnsureAsync(null, ct);
            var missing = await MissingAsync(volume, digests, ct);
            if (missing.Count == 0) return digests;
            var exit = await AddAsync(volume, missing, ct);
            // Another run on the engine may have added the same files at the same moment: what counts is that they
            // are there now.
            if (exit != 0 && (await MissingAsync(volume, digests, ct)).Count > 0)
                throw new BuildFailure($"Could not add {missing.Count} input(s) to the engine volume {VolumeName} " +
                    $"(the rename into place ended with {exit})");
            return digests;
        }
        finally
        {
            Adding.Release();
        }
    }

    // Every sandbox of a run names the same streams (both sides of a check, an emulated arch's parts): each file is
    // hashed once while its size and time are unchanged.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, long, DateTime), string>
        Hashed = new();

    private static string Sha256Of(string path)
    {
        var file = new FileInfo(path);
        return Hashed.GetOrAdd((file.FullName, file.Length, file.LastWriteTimeUtc), _ => Util.Sha256.OfFile(path));
    }

    private static async Task<List<KeyValuePair<string, string>>> MissingAsync(EngineVolume volume,
        IReadOnlyDictionary<string, string> digests, CancellationToken ct)
    {
        var present = await volume.FindAsync(digests.Values.Distinct().Select(d => $"{Files}/{d}").ToList(), ct);
        return digests.Where(d => !present.Contains($"{Files}/{d.Value}")).DistinctBy(d => d.Value).ToList();
    }

    private static async Task<long> AddAsync(EngineVolume volume, IReadOnlyList<KeyValuePair<string, string>> files,
        CancellationToken ct)
    {
        // Both folders belong to the helper's user (the volume's root does not), so it may rename and remove in them.
        var incoming = "incoming/" + Guid.NewGuid().ToString("N")[..12];
        await volume.PutAsync([TarEntrySource.Directory(Files), TarEntrySource.Directory("incoming"),
            TarEntrySource.Directory(incoming),
            .. files.Select(f => TarEntrySource.File($"{incoming}/{f.Value}", f.Key, 0b100_100_100))],
            ContainerJob.BuildUserId, ct);
        return await volume.RunAsync($"cd /volume && mv -f {incoming}/* {Files}/ && rmdir {incoming}", ct);
    }
}

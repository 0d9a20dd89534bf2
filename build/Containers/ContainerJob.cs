using System.Text;
using Docker.DotNet.Models;
using OpenH264Build.Archives;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>
/// What to run in a container: the image, the command, the files to copy in, the folder to copy out, and engine
/// volumes by name (volume name: container path); a host path is never mounted. Scratch is a folder in memory (a
/// tmpfs of the compile's output size), where thousands of small files are written many times faster than into the
/// container's own layers.
/// </summary>
public sealed record ContainerJobSpec(
    string Name,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyList<TarEntrySource> Inputs,
    string OutputPath,
    IReadOnlyDictionary<string, string>? Volumes = null,
    IReadOnlyList<string>? Environment = null,
    string? Scratch = null);

/// <summary>
/// Runs one command in a fresh container: no network, the image's unprivileged user, the compile limits of
/// <see cref="ContainerLimits"/>, inputs copied in and the results copied out through the archive API (out through
/// <see cref="ContainerTarReader"/>: capped, folders, regular files and the soname links beside them only). The
/// container is removed afterwards whatever happened, Ctrl-C included.
/// </summary>
public sealed class ContainerJob(DockerEngine engine)
{
    /// <summary>The uid of the toolchain image's build user, so copied-in files are writable to it.</summary>
    public const int BuildUserId = 1000;
    public const string WorkDirectory = "/job";

    public Task RunAsync(ContainerJobSpec spec, string outputDirectory, Action<string>? onLine, CancellationToken ct) =>
        IsolatedContainer.UseAsync(engine, Parameters(spec), "container", async id =>
        {
            await CopyInAsync(id, spec, ct);
            await engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
            await WaitForSuccessAsync(id, spec, onLine, ct);
            var archive = await engine.Client.Containers.GetArchiveFromContainerAsync(id,
                new GetArchiveFromContainerParameters { Path = spec.OutputPath }, false, ct);
            await using var stream = archive.Stream;
            var limits = new TarLimits(spec.Name, ContainerLimits.CompileOutputBytes, SameFolderLinks: true);
            var top = Path.GetFileName(spec.OutputPath.TrimEnd('/')) + "/";
            await ContainerTarReader.ExtractAsync(stream, outputDirectory, limits, top, ct);
            return true;
        }, ct);

    private CreateContainerParameters Parameters(ContainerJobSpec spec) =>
        IsolatedContainer.Parameters("openh264-build.job", spec.Name, spec.Image, spec.Command.ToList(),
            spec.Environment?.ToList(), WorkDirectory,
            new HostConfig
            {
                Mounts = (spec.Volumes ?? new Dictionary<string, string>())
                    .Select(v => new Mount { Type = "volume", Source = v.Key, Target = v.Value }).ToList(),
                Tmpfs = spec.Scratch is null ? null : new Dictionary<string, string>
                {
                    [spec.Scratch] = $"rw,nosuid,nodev,size={ContainerLimits.CompileOutputBytes},uid={BuildUserId}," +
                        $"gid={BuildUserId},mode=0755",
                },
            }, ContainerLimits.Compile(engine.Cpus));

    /// <summary>The inputs, tarred with the build user as owner, into the work directory.</summary>
    private async Task CopyInAsync(string id, ContainerJobSpec spec, CancellationToken ct)
    {
        using var input = new MemoryStream();
        TarWriter.Write(input, spec.Inputs, ownerId: BuildUserId);
        input.Position = 0;
        await engine.Client.Containers.ExtractArchiveToContainerAsync(id,
            new ContainerPathStatParameters { Path = WorkDirectory }, input, ct);
    }

    /// <summary>Follows the log until the command ends; a non-zero exit fails with the last lines it printed.</summary>
    private async Task WaitForSuccessAsync(string id, ContainerJobSpec spec, Action<string>? onLine,
        CancellationToken ct)
    {
        var output = new StringBuilder();
        var logs = FollowLogsAsync(id, line =>
        {
            lock (output) output.AppendLine(line);
            Log.Debug("[{Job}] {Line}", spec.Name, line);
            onLine?.Invoke(line);
        }, ct);
        var exit = await engine.Client.Containers.WaitContainerAsync(id, ct);
        await logs;
        if (exit.StatusCode != 0)
        {
            var tail = string.Join(" | ", output.ToString().Split('\n',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
            throw new BuildFailure($"{spec.Name}: the container exited with {exit.StatusCode}: {tail} (full log: " +
                $"artifacts/logs/build.log)");
        }
    }

    private async Task FollowLogsAsync(string id, Action<string> onLine, CancellationToken ct)
    {
        using var stream = await engine.Client.Containers.GetContainerLogsAsync(id, false,
            new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, ct);
        var buffer = new byte[16384];
        var pending = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
            if (read.EOF) break;
            pending.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
            var text = pending.ToString();
            var last = text.LastIndexOf('\n');
            if (last < 0) continue;
            foreach (var line in text[..last].Split('\n')) onLine(line.TrimEnd('\r'));
            pending.Clear().Append(text[(last + 1)..]);
        }
        if (pending.Length > 0) onLine(pending.ToString());
    }
}

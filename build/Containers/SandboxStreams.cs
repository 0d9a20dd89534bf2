using System.Text;
using Docker.DotNet;
using OpenH264Build.Archives;
using OpenH264Build.Engine;

namespace OpenH264Build.Containers;

/// <summary>
/// The sandbox's two streams, read from the engine's attach API: stdout is the tar of its output folder, written to a
/// file up to the cap (past it the run fails at once, with one line); stderr is what it said, its last lines kept.
/// </summary>
public static class SandboxStreams
{
    private const int KeptErrorChars = 64 * 1024;

    /// <returns>The last lines the sandbox wrote on stderr.</returns>
    public static async Task<string> ReadAsync(MultiplexedStream streams, string tarFile, TarLimits limits, CancellationToken ct)
    {
        await using var tar = File.Create(tarFile);
        var errors = new StringBuilder();
        var buffer = new byte[1 << 16];
        long written = 0;
        while (await streams.ReadOutputAsync(buffer, 0, buffer.Length, ct) is { EOF: false } read)
        {
            if (read.Target == MultiplexedStream.TargetStream.StandardOut)
            {
                written += read.Count;
                if (written > limits.MaxBytes)
                    throw new BuildFailure($"{limits.What}: its output is larger than the cap of {limits.Cap}; refused");
                await tar.WriteAsync(buffer.AsMemory(0, read.Count), ct);
            }
            else
            {
                errors.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                if (errors.Length > KeptErrorChars) errors.Remove(0, errors.Length - KeptErrorChars);
            }
        }
        return string.Join('\n', errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20)).Trim();
    }
}

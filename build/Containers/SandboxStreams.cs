using System.Text;
using Docker.DotNet;
using OpenH264Build.Archives;
using OpenH264Build.Engine;

namespace OpenH264Build.Containers;

/// <summary>
/// The sandbox's two streams, read from the engine's attach API: stdout is the tar of its output folder, written to a
/// file up to the cap (past it the run fails at once, with one line); stderr is what it said, line by line: progress
/// lines (<see cref="ProgressPrefix"/>) go to their listener as they come, the other lines' last ones are kept.
/// </summary>
public static class SandboxStreams
{
    /// <summary>A stderr line that starts so is progress (run-jobs.sh's "progress NAME COUNT"), never a failure's
    /// text.</summary>
    public const string ProgressPrefix = "progress ";

    /// <returns>The last lines the sandbox wrote on stderr, progress lines left out.</returns>
    public static async Task<string> ReadAsync(MultiplexedStream streams, string tarFile, TarLimits limits,
        Action<string>? onProgress, CancellationToken ct)
    {
        await using var tar = File.Create(tarFile);
        var errors = new ErrorLines(onProgress);
        var buffer = new byte[1 << 16];
        long written = 0;
        while (await streams.ReadOutputAsync(buffer, 0, buffer.Length, ct) is { EOF: false } read)
        {
            if (read.Target == MultiplexedStream.TargetStream.StandardOut)
            {
                written += read.Count;
                if (written > limits.MaxBytes)
                    throw limits.Exceeded();
                await tar.WriteAsync(buffer.AsMemory(0, read.Count), ct);
            }
            else
                errors.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
        }
        return errors.LastLines();
    }

    /// <summary>Stderr split into lines as it comes: progress to its listener, the rest kept up to a bound.</summary>
    private sealed class ErrorLines(Action<string>? onProgress)
    {
        private const int KeptChars = 64 * 1024;
        private readonly StringBuilder kept = new();
        private readonly StringBuilder pending = new();

        public void Append(string text)
        {
            pending.Append(text);
            var all = pending.ToString();
            var end = all.LastIndexOf('\n');
            if (end >= 0)
            {
                foreach (var line in all[..end].Split('\n')) Take(line);
                pending.Remove(0, end + 1);
            }
            if (pending.Length <= KeptChars) return;
            // A line that never ends is still bounded: its last part is kept as a line of its own.
            Take(pending.ToString()[^KeptChars..]);
            pending.Clear();
        }

        private void Take(string line)
        {
            if (line.StartsWith(ProgressPrefix, StringComparison.Ordinal))
            {
                onProgress?.Invoke(line.TrimEnd('\r'));
                return;
            }
            kept.Append(line).Append('\n');
            if (kept.Length > KeptChars) kept.Remove(0, kept.Length - KeptChars);
        }

        public string LastLines()
        {
            if (pending.Length > 0) Take(pending.ToString());
            var lines = kept.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', lines.TakeLast(20)).Trim();
        }
    }
}

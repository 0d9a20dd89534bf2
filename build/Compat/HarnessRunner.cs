using System.Globalization;
using System.Runtime.CompilerServices;
using OpenH264Build.Containers;
using OpenH264Build.Host;

namespace OpenH264Build.Compat;

/// <summary>What one decode of a stream with one library gave.</summary>
/// <param name="Duration">The CPU time of the decode as the harness measured it (a busy machine does not inflate
/// it).</param>
/// <param name="Reused">Restored from the decode cache rather than decoded in this run.</param>
public sealed record DecodeRun(IReadOnlyList<FrameDigest> Frames, int ExitCode, string Errors, TimeSpan Duration,
    string? Ending = null,
    bool Reused = false)
{
    /// <summary>A harness that did not end cleanly crashed, was killed, or overran its time limit.</summary>
    public bool Crashed => Ending is not null;

    /// <summary>Hashed once (a soak decode's is megabytes of text; the check and the decode cache both ask). Frames
    /// is never replaced by a <c>with</c> copy, which would keep this digest.</summary>
    public string Digest => field ??= DecodeDigest.Of(Frames);
}

/// <summary>
/// The native harness of one arch, always run in the sandbox: batches of decodes and encodes of one library in one
/// container, the harness's output read from the files it wrote (never buffered from a pipe).
/// </summary>
public sealed class HarnessRunner(string harnessPath, TargetArch arch, HarnessSandbox sandbox, string workDirectory,
    IReadOnlyList<string>? companions = null)
{
    public TargetArch Arch => arch;

    /// <summary>Runs the batch with the library; the outcome of each job by name, and where its files are.</summary>
    /// <param name="split">Containers the batch is split into, side by side (one by default).</param>
    public async Task<BatchResult> RunAsync(string libraryPath, HarnessBatch batch, string label,
        CancellationToken cancellationToken = default, int? split = null)
    {
        var folder = Path.Combine(Path.GetFullPath(workDirectory), $"{label}-{Guid.NewGuid().ToString("N")[..8]}");
        if (batch.Count == 0) // everything was reused: no container to start
        {
            Directory.CreateDirectory(folder);
            return new BatchResult(libraryPath, folder, new Dictionary<string, HarnessJobOutcome>());
        }
        var pieces = batch.Split(split ?? 1);
        if (pieces.Count == 1)
            return new BatchResult(libraryPath, folder,
                await sandbox.RunAsync(arch, harnessPath, libraryPath, batch, folder, companions, cancellationToken));
        var results = await Task.WhenAll(pieces.Select((part, i) =>
            sandbox.RunAsync(arch, harnessPath, libraryPath, part, $"{folder}.{i}", companions, cancellationToken)));
        return new BatchResult(libraryPath, folder, Gather(pieces.Count, folder, results));
    }

    /// <summary>The parts' files moved into the one folder of the batch, and each job's outcome pointed
    /// there.</summary>
    static Dictionary<string, HarnessJobOutcome> Gather(int count, string folder,
        IReadOnlyDictionary<string, HarnessJobOutcome>[] parts)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
        {
            foreach (var file in Directory.EnumerateFiles($"{folder}.{i}"))
                File.Move(file, Path.Combine(folder, Path.GetFileName(file)));
            Directory.Delete($"{folder}.{i}", recursive: true);
        }
        return parts.SelectMany(p => p.Values).ToDictionary(o => o.Name,
            o => o with { OutputFile = Path.Combine(folder, Path.GetFileName(o.OutputFile)) });
    }

    public async Task<DecodeRun> DecodeAsync(string libraryPath, string streamPath, int upToFrame = 0,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(libraryPath, new HarnessBatch().Decode("stream", streamPath,
            upToFrame: upToFrame), "decode", cancellationToken);
        return result.Decoded("stream");
    }

    /// <summary>Encodes planar I420 input with the library's encoder into outputPath; returns the sha256 of the
    /// bitstream.</summary>
    public async Task<string> EncodeAsync(string libraryPath, string yuvPath, EncoderSettings settings,
        string outputPath, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(libraryPath, new HarnessBatch().Encode("encode", yuvPath, settings), "encode",
            cancellationToken);
        return result.Encoded("encode", outputPath);
    }
}

/// <summary>The files one sandboxed batch left, read job by job.</summary>
public sealed class BatchResult(string library, string folder, IReadOnlyDictionary<string, HarnessJobOutcome> outcomes)
{
    public string Folder => folder;

    public string RawFile(string name) => Path.Combine(folder, name + ".yuv");

    // Each job's output is parsed once, however many readers (the decode cache, the check, the analysis) ask.
    private readonly Dictionary<string, DecodeRun> decoded = new(StringComparer.Ordinal);

    public DecodeRun Decoded(string name)
    {
        lock (decoded)
        {
            if (!decoded.TryGetValue(name, out var run)) decoded[name] = run = Parse(name);
            return run;
        }
    }

    // Optimized from its first call (no tiering): a soak stream's output is 70,000 lines.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private DecodeRun Parse(string name)
    {
        var outcome = outcomes[name];
        var frames = new List<FrameDigest>();
        var micros = 0L;
        if (File.Exists(outcome.OutputFile))
            foreach (var line in File.ReadLines(outcome.OutputFile))
            {
                var parts = line.Split(' ');
                if (parts.Length == 7 && parts[0] == "frame" && Frame(parts) is { } frame) frames.Add(frame);
                else if (parts.Length == 6 && parts[0] == "end"
                    && parts[5].StartsWith("cpu_micros=")) long.TryParse(parts[5][11..], CultureInfo.InvariantCulture,
                        out micros);
            }
        // The harness fails on its own only for a library that cannot be loaded: that is the user's setup, not a
        // verdict.
        if (outcome.ExitCode is 2 or 3)
            throw new Engine.BuildFailure(
                $"The compatibility harness could not decode with {library}: {FirstLine(outcome.Errors)}");
        return new DecodeRun(frames, outcome.ExitCode ?? -1, outcome.Errors, TimeSpan.FromTicks(micros * 10),
            outcome.Ending);
    }

    /// <summary>The sha256 of what the encode job wrote, moved to outputPath; a failed encode is the encoder's
    /// verdict.</summary>
    public string Encoded(string name, string outputPath)
    {
        var outcome = outcomes[name];
        var written = Path.Combine(folder, name + ".h264");
        if (outcome.Ending is not null || !File.Exists(written))
            throw new EncoderCrashed(
                $"The encoder of {library} failed ({outcome.Ending ?? "no output"}): {FirstLine(outcome.Errors)}");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        File.Move(written, outputPath, true);
        return DecodeDigest.OfFile(outputPath);
    }

    /// <summary>Null for a line the library itself scribbled that only looks like one of the harness's.</summary>
    private static FrameDigest? Frame(string[] parts) =>
        int.TryParse(parts[1], CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var width)
        && int.TryParse(parts[3], CultureInfo.InvariantCulture, out var height)
            && ulong.TryParse(parts[4], NumberStyles.HexNumber, null, out var y)
        && ulong.TryParse(parts[5], NumberStyles.HexNumber, null, out var u)
            && ulong.TryParse(parts[6], NumberStyles.HexNumber, null, out var v)
            ? new FrameDigest(index, width, height, y, u, v) : null;

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? "no message";
}

/// <summary>The candidate's encoder crashed or refused the settings the baseline's accepted.</summary>
public sealed class EncoderCrashed(string message) : Exception(message);

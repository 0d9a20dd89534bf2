using System.Diagnostics;
using System.Globalization;
using CliWrap;
using CliWrap.Buffered;

namespace OpenH264Build.Compat;

/// <summary>What one decode of a stream with one library gave.</summary>
public sealed record DecodeRun(IReadOnlyList<FrameDigest> Frames, int ExitCode, string Errors, TimeSpan Duration)
{
    /// <summary>A harness that did not reach its end line crashed or was killed (a signal gives 128+n).</summary>
    public bool Crashed => ExitCode != 0;

    public string Digest => DecodeDigest.Of(Frames);
}

/// <summary>Runs the native harness (natively or under qemu) and parses what it prints.</summary>
public sealed class HarnessRunner(string harnessPath, ArchExecutor executor)
{
    public TargetArch Arch => executor.Arch;

    public async Task<DecodeRun> DecodeAsync(string libraryPath, string streamPath, string? rawPath = null, CancellationToken cancellationToken = default)
    {
        var arguments = new List<string> { "decode", Path.GetFullPath(libraryPath), Path.GetFullPath(streamPath) };
        if (rawPath is not null) arguments.AddRange(["--raw", Path.GetFullPath(rawPath)]);
        var (file, args) = executor.Command(Path.GetFullPath(harnessPath), arguments);
        var watch = Stopwatch.StartNew();
        var result = await Cli.Wrap(file).WithArguments(args).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken);
        var frames = new List<FrameDigest>();
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length != 7 || parts[0] != "frame") continue;
            frames.Add(new FrameDigest(int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture),
                int.Parse(parts[3], CultureInfo.InvariantCulture), ulong.Parse(parts[4], NumberStyles.HexNumber),
                ulong.Parse(parts[5], NumberStyles.HexNumber), ulong.Parse(parts[6], NumberStyles.HexNumber)));
        }
        var exit = result.ExitCode;
        // The harness only fails on its own for a library that cannot be loaded: that is the user's setup, not a verdict.
        if (exit == 3 || exit == 2)
            throw new Engine.BuildFailure($"The compatibility harness could not decode with {libraryPath}: {FirstLine(result.StandardError)}");
        return new DecodeRun(frames, exit, result.StandardError, watch.Elapsed);
    }

    /// <summary>Encodes planar I420 input with the library's encoder; returns the sha256 of the bitstream.</summary>
    public async Task<string> EncodeAsync(string libraryPath, string yuvPath, EncoderSettings settings, string outputPath, CancellationToken cancellationToken = default)
    {
        var arguments = new List<string>
        {
            "encode", Path.GetFullPath(libraryPath), Path.GetFullPath(yuvPath),
            settings.Width.ToString(CultureInfo.InvariantCulture), settings.Height.ToString(CultureInfo.InvariantCulture),
            Path.GetFullPath(outputPath),
            "--fps", settings.Fps.ToString(CultureInfo.InvariantCulture),
            "--bitrate", settings.Bitrate.ToString(CultureInfo.InvariantCulture),
            "--rc", settings.RateControl.ToString(CultureInfo.InvariantCulture),
            "--gop", settings.Gop.ToString(CultureInfo.InvariantCulture),
            "--slices", settings.Slices.ToString(CultureInfo.InvariantCulture),
            "--cabac", settings.Cabac ? "1" : "0",
            "--refs", settings.Refs.ToString(CultureInfo.InvariantCulture),
        };
        var (file, args) = executor.Command(Path.GetFullPath(harnessPath), arguments);
        var result = await Cli.Wrap(file).WithArguments(args).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0)
            throw new EncoderCrashed($"The encoder of {libraryPath} failed ({result.ExitCode}): {FirstLine(result.StandardError)}");
        return DecodeDigest.OfFile(outputPath);
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}

/// <summary>The candidate's encoder crashed or refused the settings the baseline's accepted.</summary>
public sealed class EncoderCrashed(string message) : Exception(message);

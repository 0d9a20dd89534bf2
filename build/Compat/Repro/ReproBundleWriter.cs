using OpenH264Build.Host;
using System.Globalization;
using System.Text;

namespace OpenH264Build.Compat;

/// <summary>
/// Writes a reproducer bundle at reports/repro/&lt;arch&gt;-&lt;stream&gt;/ that needs nothing of this repository: the
/// harness's source and headers, both libraries, the stream (or the command that makes it bit for bit), the expected
/// digests, native/repro's reproduce.sh and firstmb.c, SHA256SUMS of all that, a README and a ready ISSUE.md. It is
/// written beside its final place and moved there whole, so a bundle is never half there.
/// </summary>
public sealed class ReproBundleWriter(string nativeDirectory)
{
    /// <summary>A stream larger than this travels as the command that makes it ("a few MB").</summary>
    public const long LargestStream = 4L << 20;

    public async Task<string> WriteAsync(ReproCase repro, string? guilty, CancellationToken ct)
    {
        var folder = Path.Combine(repro.ReportsDirectory, "repro", repro.Name);
        var scratch = folder + ".writing-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(scratch);
        var summed = new List<string>();
        summed.AddRange(CopyAll(repro.HarnessSource, "*.c", scratch, "harness"));
        summed.AddRange(CopyAll(repro.IncludeDirectory, "*.h", scratch, "include"));
        summed.Add(Copy(repro.BaselineLibrary, scratch, "lib/baseline/libopenh264.so.7"));
        summed.Add(Copy(repro.CandidateLibrary, scratch, "lib/candidate/libopenh264.so.7"));
        summed.Add(Copy(Path.Combine(nativeDirectory, "repro", "firstmb.c"), scratch, "firstmb.c"));
        var script = Copy(Path.Combine(nativeDirectory, "repro", "reproduce.sh"), scratch, "reproduce.sh");
        summed.Add(Executable(script, scratch));
        summed.Add(await WriteStreamAsync(repro, scratch, ct));
        summed.Add(await WriteTextAsync(scratch, "expected-digests.txt", Digests(repro.Expected), ct));
        await WriteTextAsync(scratch, "actual-digests.txt", Digests(repro.Actual), ct);
        summed.Add(await WriteTextAsync(scratch, "bundle.env", Environment(repro), ct));
        var images = CopyImages(repro, scratch);
        await WriteTextAsync(scratch, "SHA256SUMS", string.Concat(summed.Order(StringComparer.Ordinal)
            .Select(f => $"{SumOf(repro, scratch, f)}  {f}\n")), ct);
        await WriteTextAsync(scratch, "README.md", ReproDocuments.Readme(repro), ct);
        await WriteTextAsync(scratch, "ISSUE.md", ReproDocuments.Issue(repro, images, guilty), ct);
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        Directory.Move(scratch, folder);
        return folder;
    }

    /// <summary>Names the guilty patch in ISSUE.md once bisection found it (SHA256SUMS skips the documents).</summary>
    public static async Task NameGuiltyAsync(ReproCase repro, string guilty, CancellationToken ct)
    {
        var folder = Path.Combine(repro.ReportsDirectory, repro.RelativeFolder);
        var images = Directory.Exists(Path.Combine(folder, "images"))
            ? Directory.GetFiles(Path.Combine(folder, "images")).Select(f => "images/" + Path.GetFileName(f))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        await File.WriteAllTextAsync(Path.Combine(folder, "ISSUE.md"), ReproDocuments.Issue(repro, images, guilty), ct);
    }

    /// <summary>A large stream that FFmpeg made travels as its command (make-stream.sh), not as its bytes.</summary>
    public static bool CarriesCommand(ReproCase repro) =>
        repro.Stream.Stream.X264 is not null && new FileInfo(repro.Stream.StreamPath).Length > LargestStream;

    /// <summary>The stream, or make-stream.sh with the exact FFmpeg command; the file SHA256SUMS lists.</summary>
    private static async Task<string> WriteStreamAsync(ReproCase repro, string scratch, CancellationToken ct)
    {
        var name = StreamFile(repro);
        if (!CarriesCommand(repro)) return Copy(repro.Stream.StreamPath, scratch, name);
        var script = await WriteTextAsync(scratch, "make-stream.sh", ReproStreamCommand.Script(repro, name), ct);
        Executable(script, scratch);
        // Listed with the stream's sha256, though the file is made later: a stream made otherwise is refused.
        return name;
    }

    /// <summary>A file's sha256; a stream carried as its command is summed from the stream it must make.</summary>
    private static string SumOf(ReproCase repro, string scratch, string relative) =>
        relative == StreamFile(repro) && CarriesCommand(repro)
            ? Util.Sha256.OfFile(repro.Stream.StreamPath)
            : Util.Sha256.OfFile(Path.Combine(scratch, relative));

    public static string StreamFile(ReproCase repro) => $"stream/{repro.Stream.Stream.Name}.h264";

    private static string Environment(ReproCase repro) => string.Join("\n",
        $"ARCH={repro.Arch.Name()}", $"STREAM_NAME={repro.Stream.Stream.Name}", $"STREAM_FILE={StreamFile(repro)}",
        $"EXPECTED_FROM={Quoted(repro.ExpectedFromText)}",
        $"CPU_MODEL={FleetCpu.QemuModel}", $"CPU_NAME={FleetCpu.Name}",
        $"FFMPEG_VERSION={Quoted(repro.FfmpegVersion ?? "")}") + "\n";

    /// <summary>A value for the shell: in single quotes, each single quote written as '\''.</summary>
    private static string Quoted(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private static string Digests(IReadOnlyList<FrameDigest> frames) =>
        string.Concat(frames.Select((f, i) => $"frame {i.ToString(CultureInfo.InvariantCulture)} {f.Canonical}\n"));

    private static List<string> CopyImages(ReproCase repro, string scratch)
    {
        if (repro.Failure.Difference?.Images is not { } images) return [];
        return new[] { images.Candidate, images.Baseline, images.HeatMap }
            .Where(p => File.Exists(Path.Combine(repro.ReportsDirectory, p)))
            .Select(p => Copy(Path.Combine(repro.ReportsDirectory, p), scratch, "images/" + Path.GetFileName(p)))
            .ToList();
    }

    private static IEnumerable<string> CopyAll(string directory, string pattern, string scratch, string into) =>
        Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal)
            .Select(f => Copy(f, scratch, $"{into}/{Path.GetFileName(f)}")).ToList();

    private static string Copy(string source, string scratch, string relative)
    {
        var target = Path.Combine(scratch, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, true);
        return relative;
    }

    private static string Executable(string relative, string scratch)
    {
        File.SetUnixFileMode(Path.Combine(scratch, relative), (UnixFileMode)0b111_101_101);
        return relative;
    }

    private static async Task<string> WriteTextAsync(string scratch, string relative, string text, CancellationToken ct)
    {
        await File.WriteAllTextAsync(Path.Combine(scratch, relative), text, new UTF8Encoding(false), ct);
        return relative;
    }
}

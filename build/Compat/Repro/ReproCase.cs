using OpenH264Build.Host;
namespace OpenH264Build.Compat;

/// <summary>
/// Everything a reproducer bundle is made of: the failing stream and its check, both libraries (and how the report
/// names them), the harness's source and the headers it includes, the expected pictures' digests and where they come
/// from, the candidate's digests, and the first differing picture's images (paths relative to the reports folder).
/// </summary>
public sealed record ReproCase(
    TargetArch Arch,
    CorpusItem Stream,
    StreamResult Failure,
    string BaselineLibrary,
    string CandidateLibrary,
    string BaselineDescription,
    string CandidateDescription,
    string HarnessSource,
    string IncludeDirectory,
    IReadOnlyList<FrameDigest> Expected,
    string ExpectedFrom,
    IReadOnlyList<FrameDigest> Actual,
    string ReportsDirectory,
    string? FfmpegVersion)
{
    /// <summary>The bundle's folder name: &lt;arch&gt;-&lt;stream&gt;.</summary>
    public string Name => $"{Arch.Name()}-{Stream.Stream.Name}";

    /// <summary>Where it lives, relative to the reports folder (the report page links it so).</summary>
    public string RelativeFolder => $"repro/{Name}";

    /// <summary>The first picture that differs from the expected ones, if any does (a crash may come before).</summary>
    public DigestDifference? Difference => DigestComparer.Compare(Expected, Actual);

    /// <summary>"FFmpeg's independent decode" or "the baseline library's decode", for people.</summary>
    public string ExpectedFromText => ExpectedFrom == "ffmpeg"
        ? $"FFmpeg's independent decode ({FfmpegVersion})" : "the baseline library's decode";
}

/// <summary>
/// The Debian packages a plain machine needs to run a bundle: a C compiler everywhere (the harness is compiled there),
/// and on a machine that is not aarch64 the aarch64 cross compiler, the aarch64 C and C++ runtimes and qemu.
/// </summary>
public static class ReproPackages
{
    public static readonly IReadOnlyList<string> Native = ["gcc", "libc6-dev"];

    public static readonly IReadOnlyList<string> Emulated =
    [
        .. Native, "gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross", "libc6-arm64-cross", "libstdc++6-arm64-cross",
        "qemu-user",
    ];

    /// <summary>The command that installs them, as the README prints it.</summary>
    public static string Command(IReadOnlyList<string> packages) =>
        $"sudo apt-get install --no-install-recommends {string.Join(' ', packages)}";
}

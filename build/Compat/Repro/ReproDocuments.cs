using System.Text;

namespace OpenH264Build.Compat;

/// <summary>The README and the ready-to-paste ISSUE.md of a reproducer bundle.</summary>
public static class ReproDocuments
{
    /// <summary>"on aarch64, decoded pictures differ from frame 180, plane Y", or how the candidate ended.</summary>
    public static string Symptom(ReproCase repro)
    {
        var d = repro.Difference;
        if (repro.Failure.CandidateEnding is { } ending && (d is null || d.OnlyFrameCount))
            return FleetCpu.Explain(repro.Arch, ending) is { } illegal ? $"crashes at once: {illegal}" : $"crashes ({ending})";
        if (d is null) return "decodes differently";
        return d.OnlyFrameCount ? $"gives {d.ActualFrames} pictures instead of {d.ExpectedFrames}"
            : $"decoded pictures differ from frame {d.Frame}, plane {d.Planes[0]}";
    }

    public static string Title(ReproCase repro) =>
        $"libopenh264 on {repro.Arch.Name()}{(repro.Arch == TargetArch.Aarch64 ? $" ({FleetCpu.Name})" : "")}: " +
        $"{Symptom(repro)} with {repro.Stream.Stream.Name}";

    public static string Readme(ReproCase repro)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Reproducer: {Title(repro)}").AppendLine();
        md.AppendLine("Everything needed is in this folder; nothing else is downloaded. See ISSUE.md for the report.").AppendLine();
        md.AppendLine("## Packages (Debian, Ubuntu)").AppendLine();
        if (repro.Arch == TargetArch.Aarch64)
        {
            md.AppendLine("On an aarch64 machine (a Raspberry Pi 4 runs the library natively):").AppendLine();
            md.AppendLine("```").AppendLine(ReproPackages.Command(ReproPackages.Native)).AppendLine("```").AppendLine();
            md.AppendLine($"On any other machine (x86_64, ...), the harness is cross-compiled and runs under qemu on the fleet's CPU " +
                          $"model (`qemu-aarch64 -cpu {FleetCpu.QemuModel}`):").AppendLine();
            md.AppendLine("```").AppendLine(ReproPackages.Command(ReproPackages.Emulated)).AppendLine("```").AppendLine();
        }
        else md.AppendLine("On an x86_64 machine:").AppendLine().AppendLine("```").AppendLine(ReproPackages.Command(ReproPackages.Native)).AppendLine("```").AppendLine();
        if (File.Exists(repro.Stream.StreamPath) && new FileInfo(repro.Stream.StreamPath).Length > ReproBundleWriter.LargestStream)
            md.AppendLine($"The stream is made by `./make-stream.sh`, which needs `ffmpeg` ({repro.FfmpegVersion}).").AppendLine();
        md.AppendLine("## Run").AppendLine();
        md.AppendLine("```").AppendLine("./reproduce.sh                    # the candidate library: exit 1, the bug shows")
            .AppendLine("./reproduce.sh --library lib/baseline/libopenh264.so.7   # exit 0: the baseline decodes as expected")
            .AppendLine("./reproduce.sh --library /path/to/libopenh264.so.7       # any other build, e.g. upstream's latest").AppendLine("```").AppendLine();
        md.AppendLine("Exit status: 1 the bug shows (a picture differs, the picture count differs, or the library crashed); " +
                      "0 every picture equals the expected one; 2 a setup problem (a missing tool, a bad path, a damaged bundle).").AppendLine();
        md.AppendLine("## Contents").AppendLine();
        md.AppendLine($"- `{ReproBundleWriter.StreamFile(repro)}`: the stream (sha256 `{repro.Stream.Sha256}`), or `make-stream.sh` that makes it");
        md.AppendLine($"- `expected-digests.txt`: per picture, FNV-1a 64 digests of Y, U and V from {repro.ExpectedFromText}");
        md.AppendLine("- `actual-digests.txt`: the candidate's, as the compatibility check saw them");
        md.AppendLine($"- `lib/baseline/libopenh264.so.7`: {repro.BaselineDescription} (sha256 `{Util.Sha256.OfFile(repro.BaselineLibrary)}`)");
        md.AppendLine($"- `lib/candidate/libopenh264.so.7`: {repro.CandidateDescription} (sha256 `{Util.Sha256.OfFile(repro.CandidateLibrary)}`)");
        md.AppendLine("- `harness/h264harness.c` and `include/`: the harness (OpenH264's public C API only) and the headers it includes");
        md.AppendLine("- `firstmb.c`: names the first differing macroblock of two pictures; `SHA256SUMS`: checked before anything runs");
        return md.ToString();
    }

    public static string Issue(ReproCase repro, IReadOnlyList<string> images, string? guilty)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {Title(repro)}").AppendLine();
        md.AppendLine("## Environment").AppendLine();
        md.AppendLine($"- architecture: {repro.Arch.Name()}" + (repro.Arch == TargetArch.Aarch64
            ? $", CPU {FleetCpu.Name} (Raspberry Pi 4, Armv8.0); elsewhere under `qemu-aarch64 -cpu {FleetCpu.QemuModel}`" : ""));
        md.AppendLine($"- library: {repro.CandidateDescription}, sha256 `{Util.Sha256.OfFile(repro.CandidateLibrary)}`");
        md.AppendLine($"- decodes as expected: {repro.BaselineDescription}, sha256 `{Util.Sha256.OfFile(repro.BaselineLibrary)}`");
        md.AppendLine($"- stream: `{repro.Stream.Stream.Name}` ({repro.Stream.Stream.Description ?? "no description"}), sha256 `{repro.Stream.Sha256}`");
        md.AppendLine("- driven through the public C API only (`h264harness.c`, in the bundle), access unit by access unit, error concealment off").AppendLine();
        md.AppendLine("## To reproduce").AppendLine();
        md.AppendLine("Unpack the attached bundle, install the packages its README names, then:").AppendLine();
        md.AppendLine("```").AppendLine("./reproduce.sh").AppendLine("```").AppendLine();
        md.AppendLine("It exits 1 when the bug shows, 0 when it does not, 2 for a setup problem; " +
                      "`./reproduce.sh --library PATH` tries another build.").AppendLine();
        md.AppendLine("## Expected").AppendLine();
        md.AppendLine($"Every one of the {repro.Expected.Count} pictures equals {repro.ExpectedFromText} (`expected-digests.txt`).").AppendLine();
        md.AppendLine("## Actual").AppendLine();
        md.AppendLine(Actual(repro)).AppendLine();
        foreach (var image in images) md.AppendLine($"![{Path.GetFileNameWithoutExtension(image)}]({image})");
        if (images.Count > 0) md.AppendLine();
        md.AppendLine("## Guilty patch").AppendLine();
        md.AppendLine(guilty is { Length: > 0 } ? guilty.TrimStart(';', ' ') : "not named (no bisection of a patch series for this failure)");
        return md.ToString();
    }

    private static string Actual(ReproCase repro)
    {
        var line = $"{repro.Failure.Message}.";
        if (repro.Difference is not { OnlyFrameCount: false } d) return line;
        var plane = d.Planes[0];
        var (expected, actual) = (repro.Expected[d.Frame].Plane(plane), repro.Actual[d.Frame].Plane(plane));
        var column = repro.Failure.Difference?.MacroblockColumn is { } c ? $", first at macroblock column {c} (row {repro.Failure.Difference.MacroblockRow})" : "";
        return $"{line}\n\nFirst differing frame {d.Frame}, plane {plane}{column}: expected digest `{expected:x16}`, actual `{actual:x16}`.";
    }
}

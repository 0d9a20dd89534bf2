using System.Text;
using OpenH264Build.Host;

namespace OpenH264Build.Compat;

/// <summary>The README and the ready-to-paste ISSUE.md of a reproducer bundle.</summary>
public static class ReproDocuments
{
    /// <summary>"decoded pictures differ from frame 180, plane Y", or how the candidate ended.</summary>
    public static string Symptom(ReproCase repro)
    {
        var d = repro.Difference;
        if (repro.Failure.CandidateEnding is { } ending && (d is null || d.OnlyFrameCount))
            return FleetCpu.Explain(repro.Arch, ending) is not null
                ? $"crashes with SIGILL, an instruction the {FleetCpu.Name} does not have" : $"crashes ({ending})";
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
        md.AppendLine("Everything needed is here; nothing is downloaded. ISSUE.md is the report.").AppendLine();
        Packages(md, repro);
        md.AppendLine("## Run").AppendLine().AppendLine("```")
            .AppendLine("./reproduce.sh                                           # the candidate library")
            .AppendLine("./reproduce.sh --library lib/baseline/libopenh264.so.7   # the baseline")
            .AppendLine("./reproduce.sh --library /path/to/libopenh264.so.7       # any build, e.g. upstream's")
            .AppendLine("```").AppendLine();
        md.AppendLine("Exit status: 1 the bug shows (a picture differs, the picture count differs, or the library " +
                      "crashed); 0 every picture equals the expected one; 2 a setup problem (a missing tool, a bad " +
                      "path, a damaged bundle), never a verdict.").AppendLine();
        Contents(md, repro);
        return md.ToString();
    }

    /// <summary>The packages per machine, as one install command each (tests read the one naming qemu-user).</summary>
    private static void Packages(StringBuilder md, ReproCase repro)
    {
        md.AppendLine("## Packages (Debian, Ubuntu)").AppendLine();
        void Command(IReadOnlyList<string> packages) =>
            md.AppendLine("```").AppendLine(ReproPackages.Command(packages)).AppendLine("```").AppendLine();
        if (repro.Arch == TargetArch.Aarch64)
        {
            md.AppendLine("On an aarch64 machine (a Raspberry Pi 4 runs the library natively):").AppendLine();
            Command(ReproPackages.Native);
            md.AppendLine("On any other machine (x86_64, ...), the harness is cross-compiled and runs under qemu on " +
                          $"the fleet's CPU model (`qemu-aarch64 -cpu {FleetCpu.QemuModel}`):").AppendLine();
            Command(ReproPackages.Emulated);
        }
        else
        {
            md.AppendLine("On an x86_64 machine:").AppendLine();
            Command(ReproPackages.Native);
        }
        if (ReproBundleWriter.CarriesCommand(repro))
            md.AppendLine("The stream is made by `./make-stream.sh`, which needs `ffmpeg` " +
                          $"({repro.FfmpegVersion}).").AppendLine();
    }

    private static void Contents(StringBuilder md, ReproCase repro)
    {
        md.AppendLine("## Contents").AppendLine();
        md.AppendLine($"- `{ReproBundleWriter.StreamFile(repro)}`: the stream, sha256 `{repro.Stream.Sha256}` " +
                      "(or `make-stream.sh`, which makes it bit for bit)");
        md.AppendLine($"- `expected-digests.txt`: per picture, XXH64 of Y, U and V from {repro.ExpectedFromText}");
        md.AppendLine("- `actual-digests.txt`: the candidate's, as the compatibility check saw them");
        md.AppendLine($"- `lib/baseline/libopenh264.so.7`: {Baseline(repro)}");
        md.AppendLine($"- `lib/candidate/libopenh264.so.7`: {Candidate(repro)}");
        md.AppendLine("- `harness/h264harness.c`, `include/`: the harness (OpenH264's C API only) and its headers");
        md.AppendLine("- `firstmb.c`: names the first differing macroblock; `SHA256SUMS`: checked first");
    }

    private static string Baseline(ReproCase repro) =>
        $"{repro.BaselineDescription}, sha256 `{Util.Sha256.OfFile(repro.BaselineLibrary)}`";

    private static string Candidate(ReproCase repro) =>
        $"{repro.CandidateDescription}, sha256 `{Util.Sha256.OfFile(repro.CandidateLibrary)}`";

    public static string Issue(ReproCase repro, IReadOnlyList<string> images, string? guilty)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {Title(repro)}").AppendLine();
        Environment(md, repro);
        md.AppendLine("## To reproduce").AppendLine();
        md.AppendLine("Unpack the attached bundle, install the packages its README names, then:").AppendLine();
        md.AppendLine("```").AppendLine("./reproduce.sh").AppendLine("```").AppendLine();
        md.AppendLine("It exits 1 when the bug shows, 0 when it does not, 2 for a setup problem; " +
                      "`./reproduce.sh --library PATH` tries another build.").AppendLine();
        md.AppendLine("## Expected").AppendLine();
        md.AppendLine($"Every one of the {repro.Expected.Count} pictures equals {repro.ExpectedFromText} " +
                      "(`expected-digests.txt`).").AppendLine();
        md.AppendLine("## Actual").AppendLine();
        md.AppendLine(Actual(repro)).AppendLine();
        foreach (var image in images) md.AppendLine($"![{Path.GetFileNameWithoutExtension(image)}]({image})");
        if (images.Count > 0) md.AppendLine();
        md.AppendLine("## Guilty patch").AppendLine();
        md.AppendLine(guilty is { Length: > 0 } ? guilty.TrimStart(';', ' ')
            : "not named (no bisection of a patch series for this failure)");
        return md.ToString();
    }

    private static void Environment(StringBuilder md, ReproCase repro)
    {
        md.AppendLine("## Environment").AppendLine();
        md.AppendLine($"- architecture: {repro.Arch.Name()}" + (repro.Arch == TargetArch.Aarch64
            ? $", CPU {FleetCpu.Name} (Raspberry Pi 4, Armv8.0), elsewhere `qemu-aarch64 -cpu {FleetCpu.QemuModel}`"
            : ""));
        md.AppendLine($"- library: {Candidate(repro)}");
        md.AppendLine($"- decodes as expected: {Baseline(repro)}");
        var description = repro.Stream.Stream.Description ?? "no description";
        md.AppendLine($"- stream: `{repro.Stream.Stream.Name}` ({description}), " +
                      $"sha256 `{repro.Stream.Sha256}`");
        md.AppendLine("- decoded through the public C API only (`h264harness.c`, in the bundle), access unit by " +
                      "access unit, error concealment off").AppendLine();
    }

    private static string Actual(ReproCase repro)
    {
        var line = $"{repro.Failure.Message}.";
        if (repro.Difference is not { OnlyFrameCount: false } d) return line;
        var plane = d.Planes[0];
        var (expected, actual) = (repro.Expected[d.Frame].Plane(plane), repro.Actual[d.Frame].Plane(plane));
        var column = repro.Failure.Difference is { MacroblockColumn: { } c, MacroblockRow: { } r }
            ? $", first at macroblock column {c} (row {r})" : "";
        return $"{line}\n\nFirst differing frame {d.Frame}, plane {plane}{column}: " +
               $"expected digest `{expected:x16}`, actual `{actual:x16}`.";
    }
}
